import { Pool } from 'pg';
import { testInfra, uniqueName } from '@gatehouse/testing';
import { migrateFlows } from '../../persistence/migrations';
import { PasskeyRepository } from './passkey.repository';

const A = '6f9b6c2e-3f0a-4c51-9f3e-0d5c8f1d2a11';
const B = '0b4c3a59-1f27-4d7e-8b36-5a0c2e9d7f10';
const HANDLE = 'Kq3ZpX8rT2mW9vB4nL7cY1dF6hJ0sG5eA3uQ8iO2kM9wR4tV7yN1bC6xZ0pE5aD2';
const WEBAUTHN_HANDLE = Buffer.from(B.replace(/-/g, ''), 'hex');

/** Who owns a user handle, read from flows' identity_credentials and identities (real Postgres). */
describe('PasskeyRepository (real Postgres)', () => {
  const pool = new Pool({ connectionString: testInfra().dsn, max: 2 });
  const schema = uniqueName('passkeys');
  const repo = new PasskeyRepository(pool, schema);
  const s = `"${schema}"`;

  beforeAll(async () => {
    await migrateFlows(pool, schema);
    const now = new Date();
    for (const [id, state] of [
      [A, 'active'],
      [B, 'inactive'],
    ]) {
      await pool.query(
        `INSERT INTO ${s}.identities (id, schema_id, state, traits, verifiable_addresses, recovery_addresses, created_at, updated_at, state_changed_at)
         VALUES ($1, 'default', $2, '{}', '[]', '[]', $3, $3, $3)`,
        [id, state, now],
      );
    }
    const insert = (identity: string, type: string, identifiers: string[], config: unknown) =>
      pool.query(`INSERT INTO ${s}.identity_credentials (identity_id, type, identifiers, config, version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5)`, [
        identity,
        type,
        identifiers,
        JSON.stringify(config),
        now,
      ]);
    await insert(A, 'passkey', ['older-handle', HANDLE], { credentials: [{ id: 'a1' }], user_handle: Buffer.from(HANDLE).toString('base64url') });
    await insert(A, 'password', [HANDLE], { hashed_password: 'x' });
    await insert(B, 'webauthn', ['b@example.test'], { credentials: [{ id: 'b1', is_passwordless: true }], user_handle: WEBAUTHN_HANDLE.toString('base64url') });
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await pool.end();
  });

  it('finds the passkey credential whose identifiers hold the handle, with the identity state', async () => {
    expect(await repo.findByUserHandle(Buffer.from(HANDLE))).toEqual({
      identityId: A,
      state: 'active',
      type: 'passkey',
      identifiers: ['older-handle', HANDLE],
      config: { credentials: [{ id: 'a1' }], user_handle: Buffer.from(HANDLE).toString('base64url') },
    });
    expect((await repo.findByUserHandle(Buffer.from('older-handle')))?.identityId).toBe(A);
  });

  it('falls back to a webauthn credential with that user handle (passwordless security keys)', async () => {
    expect(await repo.findByUserHandle(WEBAUTHN_HANDLE)).toMatchObject({ identityId: B, state: 'inactive', type: 'webauthn' });
  });

  it('finds nothing for an unknown, empty or binary handle (no error for a NUL byte)', async () => {
    expect(await repo.findByUserHandle(Buffer.from('nobody'))).toBeUndefined();
    expect(await repo.findByUserHandle(Buffer.alloc(0))).toBeUndefined();
    expect(await repo.findByUserHandle(Buffer.from([0, 1, 2, 0xff]))).toBeUndefined();
  });
});
