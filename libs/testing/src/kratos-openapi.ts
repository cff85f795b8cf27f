import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SPEC = join(__dirname, '..', 'kratos', 'kratos-openapi-v26.2.0.json');

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a null-able type. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v);
  const n = node as Record<string, unknown>;
  if (n.nullable === true) {
    if (typeof n.type === 'string') out.type = [n.type, 'null'];
    else if (n.$ref || n.allOf || n.oneOf || n.anyOf) return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(schema: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const f of ['int64', 'int32', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
    ajv.addFormat('uuid4', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
    const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    ajv.addSchema({ $id: 'kratos', components: { schemas: toJsonSchema(spec.components.schemas) } });
  }
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile({ $ref: `kratos#/components/schemas/${schema}` });
    compiled.set(schema, fn);
  }
  return fn;
}

/** Asserts that a response body is valid against a schema of Kratos v26.2.0's OpenAPI document
 * (e.g. registrationFlow, successfulNativeRegistration, identity, errorGeneric). */
export function expectKratosShape(schema: string, body: unknown): void {
  const validate = validator(schema);
  if (!validate(body)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new Error(`response does not match Kratos's ${schema}: ${errors}`);
  }
}
