import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  /** A YAML file; defaults to `-c <file>` / `--config <file>` on the command line. */
  file?: string;
  argv?: readonly string[];
}

type Leaf = { path: string[]; schema: z.ZodType };

/** The environment variable for a key path, as Kratos names them: serve.public.port → SERVE_PUBLIC_PORT. */
export function envName(path: readonly string[]): string {
  return path.join('_').toUpperCase();
}

/** Loads file values, overlays environment variables named after the key paths, and validates the result.
 * Any problem throws a ConfigError that names the key and its environment variable. */
export function loadConfig<S extends z.ZodObject>(schema: S, options: LoadOptions = {}): z.output<S> {
  const env = options.env ?? process.env;
  const file = options.file ?? fileFromArgv(options.argv ?? process.argv);
  const values = file ? readYaml(file) : {};
  for (const leaf of leaves(schema)) {
    const name = envName(leaf.path);
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(values, leaf.path, fromEnv(raw, leaf.schema, name));
  }
  fillObjects(schema, values);
  const result = schema.safeParse(values);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join('.');
      return `  ${key || '(root)'} (env ${envName(issue.path.map(String))}): ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

function fileFromArgv(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((a) => a === '-c' || a === '--config');
  return at >= 0 ? argv[at + 1] : undefined;
}

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`Invalid configuration: cannot read config file ${file}: ${(e as Error).message}`);
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`Invalid configuration: ${file} must hold a YAML mapping`);
  return parsed as Record<string, unknown>;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = (s as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

function leaves(schema: z.ZodType, path: string[] = []): Leaf[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [{ path, schema: inner }];
}

/** Gives every nested object of the schema an empty value when absent, so that a missing required key is
 * reported by its own name (secrets.cipher) rather than as a missing parent (secrets). */
function fillObjects(schema: z.ZodType, values: Record<string, unknown>): void {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) return;
  for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
    if (!(unwrap(child) instanceof z.ZodObject)) continue;
    if (values[key] === undefined) values[key] = {};
    const next = values[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) fillObjects(child, next as Record<string, unknown>);
  }
}

function fromEnv(raw: string, schema: z.ZodType, name: string): unknown {
  const type = (schema as unknown as { def: { type: string } }).def.type;
  try {
    switch (type) {
      case 'number':
        return raw.trim() === '' ? raw : Number(raw);
      case 'boolean':
        return raw === 'true' ? true : raw === 'false' ? false : raw;
      case 'array':
        return raw.trim().startsWith('[') ? JSON.parse(raw) : raw.split(',').map((s) => s.trim()).filter(Boolean);
      case 'record':
      case 'object':
        return JSON.parse(raw);
      default:
        return raw;
    }
  } catch {
    throw new ConfigError(`Invalid configuration:\n  (env ${name}): expected JSON`);
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
