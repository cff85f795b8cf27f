import { normalizeIdentifier } from '@gatehouse/contracts';
import { IdentitySchema, traitFields } from './identity-schema';

export interface Address {
  value: string;
  via: 'email' | 'sms';
}

/** What the `ory.sh/kratos` extension derives from a set of traits, normalised as Kratos stores them. */
export interface DerivedCredentials {
  passwordIdentifiers: string[];
  verifiableAddresses: Address[];
  recoveryAddresses: Address[];
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
    const format = field.schema.format;
    // normalised per use, as Kratos does (identity/identifier.ts): one trait may be stored differently per use
    if (ext?.credentials?.password?.identifier) out.passwordIdentifiers.push(normalizeIdentifier(raw, 'password'));
    const verify = ext?.verification?.via;
    if (verify) out.verifiableAddresses.push({ value: normalizeIdentifier(raw, 'verifiable_address', { format, via: verify }), via: verify });
    const recover = ext?.recovery?.via;
    if (recover) out.recoveryAddresses.push({ value: normalizeIdentifier(raw, 'recovery_address', { format, via: recover }), via: recover });
  }
  return out;
}
