import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import defaultSchema from './default.identity.schema.json';

/** The `ory.sh/kratos` extension on a trait property. */
export interface KratosExtension {
  credentials?: { password?: { identifier?: boolean }; code?: { identifier?: boolean; via?: 'email' | 'sms' } };
  verification?: { via?: 'email' | 'sms' };
  recovery?: { via?: 'email' | 'sms' };
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  'ory.sh/kratos'?: KratosExtension;
  [key: string]: unknown;
}

export interface IdentitySchema {
  id: string;
  schema: JsonSchema;
}

export interface SchemaSource {
  id: string;
  url: string;
}

export const DEFAULT_SCHEMA: IdentitySchema = { id: 'default', schema: defaultSchema as JsonSchema };

/** Loads an identity schema from file://, base64:// or a plain path (Kratos's `identity.schemas[].url`). */
export function loadIdentitySchema(source: SchemaSource): IdentitySchema {
  let text: string;
  if (source.url.startsWith('base64://')) text = Buffer.from(source.url.slice('base64://'.length), 'base64').toString('utf8');
  else if (source.url.startsWith('file://')) text = readFileSync(fileURLToPath(source.url), 'utf8');
  else if (/^[a-z]+:\/\//.test(source.url)) throw new Error(`identity schema ${source.id}: only file:// and base64:// urls are supported`);
  else text = readFileSync(source.url, 'utf8');
  const schema = JSON.parse(text) as JsonSchema;
  const traits = schema.properties?.traits;
  if (!traits || traits.type !== 'object' || !traits.properties || Object.keys(traits.properties).length === 0) {
    throw new Error(`identity schema ${source.id}: properties.traits must be an object with at least one property`);
  }
  return { id: source.id, schema };
}

/** A trait property with its dotted path below traits (e.g. "email", "name.first"). */
export interface TraitField {
  path: string;
  schema: JsonSchema;
  required: boolean;
}

/** The leaf trait properties in schema order. */
export function traitFields(schema: IdentitySchema): TraitField[] {
  const out: TraitField[] = [];
  const walk = (node: JsonSchema, prefix: string, requiredHere: boolean) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      const required = requiredHere && (node.required ?? []).includes(key);
      if (child.type === 'object' && child.properties) walk(child, path, required);
      else out.push({ path, schema: child, required });
    }
  };
  walk(schema.schema.properties?.traits ?? {}, '', true);
  return out;
}
