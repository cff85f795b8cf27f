import { Pool } from 'pg';
import { ident } from '@gatehouse/eventsourcing';
import type { WebAuthnConfig } from '../../identity/credential-configs';

/** The identity a discoverable key's user handle belongs to, with the credential holding the key. */
export interface KeyOwner {
  identityId: string;
  state: 'active' | 'inactive';
  /** passkey; or webauthn for passwordless security keys (Kratos's migration path) */
  type: 'passkey' | 'webauthn';
  identifiers: string[];
  config: WebAuthnConfig;
}

/** What the passkey login needs to read. */
export interface PasskeyOwners {
  findByUserHandle(userHandle: Buffer): Promise<KeyOwner | undefined>;
}

/** Reads flows' identity_credentials (an inline projection of the identity streams) joined with identities: the
 * passkey credential whose identifiers hold the user handle (as a string, as Kratos stores it), else the webauthn
 * credential with that user handle (base64url in its config). */
export class PasskeyRepository implements PasskeyOwners {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = ident(schema);
  }

  async findByUserHandle(userHandle: Buffer): Promise<KeyOwner | undefined> {
    if (userHandle.length === 0) return undefined;
    const r = await this.pool.query<{ identity_id: string; type: 'passkey' | 'webauthn'; identifiers: string[]; config: WebAuthnConfig; state: 'active' | 'inactive' }>(
      `SELECT c.identity_id, c.type, c.identifiers, c.config, i.state
         FROM ${this.s}.identity_credentials c
         JOIN ${this.s}.identities i ON i.id = c.identity_id
        WHERE (c.type = 'passkey' AND c.identifiers @> ARRAY[$1::text])
           OR (c.type = 'webauthn' AND c.config ->> 'user_handle' = $2)
        ORDER BY c.type = 'passkey' DESC, c.identity_id
        LIMIT 1`,
      // a NUL byte can not be in a text column (nor in a handle we issued)
      [userHandle.includes(0) ? null : userHandle.toString('utf8'), userHandle.toString('base64url')],
    );
    const row = r.rows[0];
    return row ? { identityId: row.identity_id, state: row.state, type: row.type, identifiers: row.identifiers, config: row.config } : undefined;
  }
}
