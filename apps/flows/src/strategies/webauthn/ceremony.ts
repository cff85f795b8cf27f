import {
  AuthenticationResponseJSON,
  AuthenticatorSelectionCriteria,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { WebAuthnKey } from '../../identity/credential-configs';
import type { RelyingParty } from './relying-party';

/** The WebAuthn ceremonies (go-webauthn's BeginRegistration/CreateCredential, BeginLogin/ValidateLogin in Kratos)
 * over @simplewebauthn/server: options for the browser with a fresh challenge, kept in the flow's internal state
 * (bound to that flow), and the browser's answer verified against it. */

/** What go-webauthn's timeouts default to, and Kratos uses. */
const TIMEOUT_MS = 300_000;

/** A challenge kept in a flow between the options and the browser's answer. */
export interface CeremonyState {
  flow_id: string;
  challenge: string;
}

/** The options as the nodes carry them (go-webauthn's JSON: `{publicKey: …}`, binary fields base64url). */
export interface RegistrationState extends CeremonyState {
  user_handle: string;
  options: { publicKey: PublicKeyCredentialCreationOptionsJSON };
}

export interface LoginState extends CeremonyState {
  options: { publicKey: PublicKeyCredentialRequestOptionsJSON };
}

export async function beginRegistration(
  rp: RelyingParty,
  flowId: string,
  user: { handle: string; name: string },
  exclude: readonly WebAuthnKey[],
  selection: AuthenticatorSelectionCriteria,
): Promise<RegistrationState> {
  const publicKey = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: Buffer.from(user.handle, 'base64url'),
    userName: user.name,
    userDisplayName: user.name,
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: exclude.map((k) => ({ id: k.id, ...(k.transports?.length ? { transports: k.transports } : {}) })),
    // a copy: the library completes it in place
    authenticatorSelection: { ...selection },
  });
  return { flow_id: flowId, challenge: publicKey.challenge, user_handle: user.handle, options: { publicKey } };
}

export async function beginLogin(
  rp: RelyingParty,
  flowId: string,
  allow: readonly WebAuthnKey[] | undefined,
  userVerification: 'required' | 'preferred' | 'discouraged',
): Promise<LoginState> {
  const publicKey = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: TIMEOUT_MS,
    userVerification,
    ...(allow ? { allowCredentials: allow.map((k) => ({ id: k.id, ...(k.transports?.length ? { transports: k.transports } : {}) })) } : {}),
  });
  return { flow_id: flowId, challenge: publicKey.challenge, options: { publicKey } };
}

/** A key the browser registered, before its owner's name and the time are set. */
export type RegisteredKey = Omit<WebAuthnKey, 'display_name' | 'added_at' | 'is_passwordless'>;

export type Verified<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function finishRegistration(
  rp: RelyingParty,
  state: CeremonyState,
  response: RegistrationResponseJSON,
  requireUserVerification: boolean,
): Promise<Verified<RegisteredKey>> {
  try {
    const r = await verifyRegistrationResponse({ response, expectedChallenge: state.challenge, expectedOrigin: rp.origins, expectedRPID: rp.id, requireUserVerification });
    if (!r.verified) return { ok: false, reason: 'not verified' };
    const { credential, aaguid, fmt } = r.registrationInfo;
    const transports = credential.transports ?? response.response.transports;
    return {
      ok: true,
      value: {
        id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        sign_count: credential.counter,
        aaguid,
        ...(transports?.length ? { transports: [...transports] } : {}),
        attestation_type: fmt,
      },
    };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** Verifies an assertion with a stored key; the value is the key's new signature counter. A counter that does not
 * grow (when either is non-zero) is refused: the key may have been cloned. */
export async function finishLogin(
  rp: RelyingParty,
  state: CeremonyState,
  response: AuthenticationResponseJSON,
  key: WebAuthnKey,
  requireUserVerification: boolean,
): Promise<Verified<number>> {
  try {
    const r = await verifyAuthenticationResponse({
      response,
      expectedChallenge: state.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.id,
      credential: { id: key.id, publicKey: Buffer.from(key.public_key, 'base64url'), counter: key.sign_count, transports: key.transports },
      requireUserVerification,
    });
    return r.verified ? { ok: true, value: r.authenticationInfo.newCounter } : { ok: false, reason: 'not verified' };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** The state prepare() left for this flow, or undefined (none, another flow's, or malformed). */
export function stateOf<S extends CeremonyState>(internal: Record<string, unknown> | undefined, key: string, flowId: string): S | undefined {
  const s = internal?.[key] as (Partial<CeremonyState> & { options?: unknown }) | undefined;
  if (!s || typeof s !== 'object' || s.flow_id !== flowId || typeof s.challenge !== 'string' || typeof s.options !== 'object' || s.options === null) return undefined;
  return s as S;
}

/** The browser's credential as webauthn.js posts it (a JSON string), shaped as @simplewebauthn/server reads it. */
export function parseRegistration(value: unknown): RegistrationResponseJSON | undefined {
  const c = parseCredential(value);
  return c && typeof c.response.attestationObject === 'string' ? (c as unknown as RegistrationResponseJSON) : undefined;
}

export function parseAssertion(value: unknown): AuthenticationResponseJSON | undefined {
  const c = parseCredential(value);
  return c && typeof c.response.authenticatorData === 'string' && typeof c.response.signature === 'string' ? (c as unknown as AuthenticationResponseJSON) : undefined;
}

interface PostedCredential {
  id: string;
  rawId: string;
  type: string;
  response: Record<string, unknown>;
  clientExtensionResults: Record<string, unknown>;
}

function parseCredential(value: unknown): PostedCredential | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let c: unknown;
  try {
    c = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!c || typeof c !== 'object') return undefined;
  const p = c as Partial<PostedCredential>;
  if (typeof p.id !== 'string' || typeof p.response !== 'object' || p.response === null || typeof p.response.clientDataJSON !== 'string') return undefined;
  // webauthn.js sends neither clientExtensionResults nor (always) rawId
  return { ...p, rawId: typeof p.rawId === 'string' ? p.rawId : p.id, type: p.type ?? 'public-key', clientExtensionResults: p.clientExtensionResults ?? {} } as PostedCredential;
}

/** A key's id as Kratos's remove buttons carry it: hex of the raw id. */
export function keyHex(key: Pick<WebAuthnKey, 'id'>): string {
  return Buffer.from(key.id, 'base64url').toString('hex');
}

/** Whether a remove button's value names a key: hex (as the node carries it) or its base64url id. */
export function namesKey(value: string, key: Pick<WebAuthnKey, 'id'>): boolean {
  return value === keyHex(key) || value === key.id;
}

/** When a key was added: the time to the second (Kratos rounds), as Go prints a UTC time. */
export function addedAt(now: Date): string {
  return `${new Date(Math.round(now.getTime() / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
