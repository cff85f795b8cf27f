import type { FlowsConfig } from '../../config.schema';
import { WEBAUTHN_SCRIPT_PATH } from './webauthn.script';

/** selfservice.methods.{webauthn,passkey}.config.rp as configured. */
export type RelyingPartyConfig = FlowsConfig['selfservice']['methods']['webauthn']['config']['rp'];

/** The WebAuthn relying party a strategy registers and verifies keys for. */
export interface RelyingParty {
  /** The RP id (a registrable domain): rp.id, else the host of serve.public.base_url. */
  id: string;
  name: string;
  /** The origins a browser may answer from: rp.origins, else rp.origin, else the public base URL's origin. */
  origins: string[];
}

export function relyingParty(rp: RelyingPartyConfig, publicBaseUrl: string): RelyingParty {
  const base = new URL(publicBaseUrl);
  const origins = rp.origins ?? (rp.origin ? [rp.origin] : [base.origin]);
  return { id: rp.id ?? base.hostname, name: rp.display_name, origins: [...new Set(origins.map((o) => new URL(o).origin))] };
}

/** Where the script node loads webauthn.js from: the path appended to the public base URL (with its own path). */
export function scriptUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${WEBAUTHN_SCRIPT_PATH}`;
}
