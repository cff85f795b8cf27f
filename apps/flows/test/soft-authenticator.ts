import { KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A software WebAuthn authenticator for tests: what navigator.credentials.create() and .get() answer, for P-256
 * (ES256) keys it keeps in memory, in the JSON shape webauthn.js posts and @simplewebauthn/server reads (binary
 * fields base64url). Attestation `none` or `packed` (self attestation). Discoverable: every key keeps the user handle
 * it was created for and returns it with each assertion. */

// ---------- a minimal CBOR encoder (RFC 8949): unsigned and negative ints, byte and text strings, arrays, maps ----------

export type CborValue = number | string | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  if (n < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = (major << 5) | 27;
  b.writeBigUInt64BE(BigInt(n), 1);
  return b;
}

export function cbor(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`cbor: only integers, not ${value}`);
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

// ---------- the authenticator ----------

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;
const ES256 = -7;

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

/** The options a relying party sends: simplewebauthn's JSON, or wrapped as Kratos's nodes carry it (`{publicKey}`). */
type Wrapped<T> = T | { publicKey: T };
export interface CreationOptions {
  challenge: string;
  rp: { id?: string; name?: string };
  user: { id: string; name?: string; displayName?: string };
  excludeCredentials?: Array<{ id: string }>;
}
export interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: Array<{ id: string }>;
}

export interface SoftKey {
  id: Buffer;
  rpId: string;
  userHandle: Buffer;
  privateKey: KeyObject;
  counter: number;
}

export interface SoftAuthenticatorOptions {
  /** 16 bytes; default all zero (as many authenticators that do not attest) */
  aaguid?: Buffer;
  /** how much the signature counter grows per assertion (0: a counter that stays 0, as many passkeys do) */
  counterStep?: number;
  /** whether the authenticator verifies the user (flag UV); default true */
  userVerification?: boolean;
}

export interface CeremonyOptions {
  /** the page's origin (clientDataJSON.origin) */
  origin: string;
  /** overrides the RP id the options name (or the origin's host) */
  rpId?: string;
  /** overrides the challenge the options carry */
  challenge?: string;
  userVerified?: boolean;
}

export class SoftAuthenticator {
  readonly keys: SoftKey[] = [];
  private readonly aaguid: Buffer;

  constructor(private readonly options: SoftAuthenticatorOptions = {}) {
    this.aaguid = options.aaguid ?? Buffer.alloc(16);
  }

  /** navigator.credentials.create(): a new key for the RP and user, attested with `none` or `packed` (self). */
  create(options: Wrapped<CreationOptions>, ceremony: CeremonyOptions & { attestation?: 'none' | 'packed' }) {
    const o = unwrap(options);
    const rpId = ceremony.rpId ?? o.rp.id ?? new URL(ceremony.origin).hostname;
    const excluded = new Set((o.excludeCredentials ?? []).map((c) => c.id));
    if (this.keys.some((k) => k.rpId === rpId && excluded.has(b64u(k.id)))) throw new Error('InvalidStateError: the authenticator holds an excluded credential');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = cbor(
      new Map<CborValue, CborValue>([
        [1, 2], // kty: EC2
        [3, ES256], // alg
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x as string, 'base64url')],
        [-3, Buffer.from(jwk.y as string, 'base64url')],
      ]),
    );
    const key: SoftKey = { id: randomBytes(32), rpId, userHandle: Buffer.from(o.user.id, 'base64url'), privateKey, counter: 0 };
    const idLength = Buffer.from([key.id.length >> 8, key.id.length & 0xff]);
    const authData = Buffer.concat([this.authenticatorData(rpId, FLAG_AT, 0, ceremony), this.aaguid, idLength, key.id, cose]);
    const clientData = clientDataJSON('webauthn.create', ceremony.challenge ?? o.challenge, ceremony.origin);
    const attStmt =
      ceremony.attestation === 'packed'
        ? new Map<CborValue, CborValue>([
            ['alg', ES256],
            ['sig', sign('sha256', Buffer.concat([authData, sha256(clientData)]), privateKey)],
          ])
        : new Map<CborValue, CborValue>();
    const attestationObject = cbor(
      new Map<CborValue, CborValue>([
        ['fmt', ceremony.attestation ?? 'none'],
        ['attStmt', attStmt],
        ['authData', authData],
      ]),
    );
    this.keys.push(key);
    return {
      id: b64u(key.id),
      rawId: b64u(key.id),
      type: 'public-key' as const,
      response: { clientDataJSON: b64u(clientData), attestationObject: b64u(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** navigator.credentials.get(): an assertion by the first key the options allow (any key of the RP when they
   * allow none: a discoverable login), its counter grown by `counterStep`. */
  get(options: Wrapped<RequestOptions>, ceremony: CeremonyOptions & { keyId?: string }) {
    const o = unwrap(options);
    const rpId = ceremony.rpId ?? o.rpId ?? new URL(ceremony.origin).hostname;
    const allowed = new Set((o.allowCredentials ?? []).map((c) => c.id));
    const key = this.keys.find((k) => (ceremony.keyId ? b64u(k.id) === ceremony.keyId : k.rpId === rpId && (allowed.size === 0 || allowed.has(b64u(k.id)))));
    if (!key) throw new Error('NotAllowedError: no key of this authenticator fits');
    key.counter += this.options.counterStep ?? 1;
    const authData = this.authenticatorData(rpId, 0, key.counter, ceremony);
    const clientData = clientDataJSON('webauthn.get', ceremony.challenge ?? o.challenge, ceremony.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), key.privateKey);
    return {
      id: b64u(key.id),
      rawId: b64u(key.id),
      type: 'public-key' as const,
      response: { clientDataJSON: b64u(clientData), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: b64u(key.userHandle) },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** A copy holding the same keys with their counters as they are now (a cloned authenticator). */
  clone(): SoftAuthenticator {
    const copy = new SoftAuthenticator({ ...this.options, aaguid: this.aaguid });
    copy.keys.push(...this.keys.map((k) => ({ ...k })));
    return copy;
  }

  private authenticatorData(rpId: string, flags: number, counter: number, ceremony: CeremonyOptions): Buffer {
    const uv = ceremony.userVerified ?? this.options.userVerification ?? true;
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([FLAG_UP | (uv ? FLAG_UV : 0) | flags]), counterBytes]);
  }
}

function unwrap<T>(options: Wrapped<T>): T {
  return typeof options === 'object' && options !== null && 'publicKey' in options ? options.publicKey : options;
}

function clientDataJSON(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
}
