import { IdentitySchema, traitFields } from './identity-schema';

export interface Address {
  value: string;
  via: 'email' | 'sms';
}

/** What the `ory.sh/kratos` extension derives from a set of traits. */
export interface DerivedCredentials {
  passwordIdentifiers: string[];
  verifiableAddresses: Address[];
  recoveryAddresses: Address[];
}

/** Identifiers are stored normalized (Kratos: lower-cased, trimmed e-mail; trimmed otherwise). */
export function normalizeIdentifier(value: string, format?: string): string {
  const trimmed = value.trim();
  return format === 'email' ? trimmed.toLowerCase() : trimmed;
}

export function getPath(traits: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), traits);
}

export function deriveCredentials(schema: IdentitySchema, traits: Record<string, unknown>): DerivedCredentials {
  const out: DerivedCredentials = { passwordIdentifiers: [], verifiableAddresses: [], recoveryAddresses: [] };
  for (const field of traitFields(schema)) {
    const raw = getPath(traits, field.path);
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const ext = field.schema['ory.sh/kratos'];
    const value = normalizeIdentifier(raw, field.schema.format);
    if (ext?.credentials?.password?.identifier) out.passwordIdentifiers.push(value);
    if (ext?.verification?.via) out.verifiableAddresses.push({ value, via: ext.verification.via });
    if (ext?.recovery?.via) out.recoveryAddresses.push({ value, via: ext.recovery.via });
  }
  return out;
}
