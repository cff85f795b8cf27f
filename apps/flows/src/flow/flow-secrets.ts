import { createHash } from 'node:crypto';
import { open, seal } from '@gatehouse/eventsourcing';

/** Seals the few secrets a flow keeps between requests (a TOTP seed or lookup codes not confirmed yet, in the flow's
 * `internal` state): AES-256-GCM under a key derived from `secrets.cipher` (the first seals, every one opens, so the
 * secret can rotate), bound to the flow id. The flow table never holds them in the clear. */
export class FlowSecrets {
  private readonly keys: Buffer[];

  constructor(cipherSecrets: readonly string[]) {
    if (cipherSecrets.length === 0) throw new Error('FlowSecrets needs at least one secrets.cipher entry');
    this.keys = cipherSecrets.map((s) => createHash('sha256').update('gatehouse flow secrets\0').update(s).digest());
  }

  seal(flowId: string, plaintext: string): string {
    return seal(this.keys[0], plaintext, Buffer.from(flowId)).toString('base64url');
  }

  /** The plaintext, or null when the value was not sealed for this flow by any of the secrets. */
  open(flowId: string, sealed: string): string | null {
    const bytes = Buffer.from(sealed, 'base64url');
    for (const key of this.keys) {
      try {
        return open(key, bytes, Buffer.from(flowId)).toString('utf8');
      } catch {
        // another key, or not ours
      }
    }
    return null;
  }
}
