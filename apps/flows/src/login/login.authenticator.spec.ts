import { CredentialsRepository } from '../identity/credentials.repository';
import { PasswordHasher } from '../strategies/password/password.hasher';
import { PasswordAuthenticator } from './login.authenticator';

/** A hasher that records the work asked of it (the real one is covered in password.hasher.spec.ts). */
function recordingHasher(opts: { matches: boolean; needsRehash?: boolean }) {
  const calls: string[] = [];
  const hasher = {
    verify: async (stored: string) => (calls.push(`verify:${stored}`), opts.matches),
    verifyDummy: async () => (calls.push('verify:dummy'), false as const),
    needsRehash: () => opts.needsRehash ?? false,
    hash: async () => (calls.push('hash'), '$argon2id$new'),
  };
  return { hasher: hasher as unknown as PasswordHasher, calls };
}

const repo = (found: Awaited<ReturnType<CredentialsRepository['findPassword']>>, seen: string[] = []) =>
  ({ findPassword: async (identifier: string) => (seen.push(identifier), found) }) as unknown as CredentialsRepository;

const ADA = { identityId: '7d0c3a4e-0000-4000-8000-000000000001', hashedPassword: '$2b$04$stored', state: 'active' as const };

describe('PasswordAuthenticator', () => {
  it('does one hash verification for an unknown identifier too (against the dummy hash), and finds nothing', async () => {
    const { hasher, calls } = recordingHasher({ matches: true });
    const result = await new PasswordAuthenticator(repo(null), hasher).authenticate('nobody@example.com', 'pw');
    expect(result).toEqual({ passwordMatches: false });
    expect(calls).toEqual(['verify:dummy']);
  });

  it('does one verification against the stored hash for a known identifier', async () => {
    const { hasher, calls } = recordingHasher({ matches: false });
    const result = await new PasswordAuthenticator(repo(ADA), hasher).authenticate('ada@example.com', 'wrong');
    expect(result).toEqual({ identity: { id: ADA.identityId, state: 'active' }, passwordMatches: false });
    expect(calls).toEqual(['verify:$2b$04$stored']);
  });

  it('looks identifiers up normalized as Kratos stores password identifiers (trimmed and lower-cased, any format)', async () => {
    const seen: string[] = [];
    const { hasher } = recordingHasher({ matches: true });
    await new PasswordAuthenticator(repo(ADA, seen), hasher).authenticate('  Ada@Example.COM ', 'pw');
    await new PasswordAuthenticator(repo(ADA, seen), hasher).authenticate(' Ada ', 'pw');
    await new PasswordAuthenticator(repo(ADA, seen), hasher).authenticate('Bob@Home', 'pw');
    expect(seen).toEqual(['ada@example.com', 'ada', 'bob@home']);
  });

  it('rehashes only after a successful verification of a hash that needs it', async () => {
    const upgrade = recordingHasher({ matches: true, needsRehash: true });
    expect(await new PasswordAuthenticator(repo(ADA), upgrade.hasher).authenticate('ada@example.com', 'pw')).toMatchObject({ rehash: { from: ADA.hashedPassword, to: '$argon2id$new' } });
    const wrong = recordingHasher({ matches: false, needsRehash: true });
    expect(await new PasswordAuthenticator(repo(ADA), wrong.hasher).authenticate('ada@example.com', 'x')).not.toHaveProperty('rehash');
    expect(wrong.calls).not.toContain('hash');
  });
});
