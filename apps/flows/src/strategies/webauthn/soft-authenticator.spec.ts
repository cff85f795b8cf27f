import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { SoftAuthenticator, cbor } from '../../../test/soft-authenticator';

const ORIGIN = 'https://auth.example.test';
const RP_ID = 'auth.example.test';

describe('the test CBOR encoder', () => {
  it('encodes the examples of RFC 8949 appendix A', () => {
    const hex = (v: Parameters<typeof cbor>[0]) => cbor(v).toString('hex');
    expect([0, 23, 24, 100, 1000, 1000000, 4294967296].map(hex)).toEqual(['00', '17', '1818', '1864', '1903e8', '1a000f4240', '1b0000000100000000']);
    expect([-1, -10, -100, -1000].map(hex)).toEqual(['20', '29', '3863', '3903e7']);
    expect([hex(''), hex('a'), hex('IETF'), hex('ü')]).toEqual(['60', '6161', '6449455446', '62c3bc']);
    expect(hex(Buffer.from([1, 2, 3, 4]))).toBe('4401020304');
    expect(hex([1, [2, 3], [4, 5]])).toBe('8301820203820405');
    expect(hex(new Map([[1, 2], [3, 4]]))).toBe('a201020304');
    expect(hex(new Map<string, number[] | string>([['a', 'A'], ['b', [1]]]))).toBe('a261616141616281' + '01');
  });
});

describe('the software authenticator, as @simplewebauthn/server sees it', () => {
  async function register(auth: SoftAuthenticator, attestation: 'none' | 'packed') {
    const options = await generateRegistrationOptions({ rpName: 'Gatehouse', rpID: RP_ID, userName: 'a@example.test', userID: Buffer.from('user-1') });
    const response = auth.create(options, { origin: ORIGIN, attestation });
    return verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID });
  }

  it.each(['none', 'packed'] as const)('registers a P-256 key with %s attestation, user present and verified', async (fmt) => {
    const auth = new SoftAuthenticator();
    const r = await register(auth, fmt);
    expect(r.verified).toBe(true);
    expect(r.registrationInfo).toMatchObject({ fmt, aaguid: '00000000-0000-0000-0000-000000000000', userVerified: true, credentialType: 'public-key' });
    expect(r.registrationInfo!.credential.id).toBe(Buffer.from(auth.keys[0]!.id).toString('base64url'));
  });

  it('signs assertions with a growing counter and returns the user handle it was created for', async () => {
    const auth = new SoftAuthenticator();
    const { registrationInfo } = await register(auth, 'packed');
    const credential = registrationInfo!.credential;
    for (const expected of [1, 2]) {
      const options = await generateAuthenticationOptions({ rpID: RP_ID });
      const response = auth.get(options, { origin: ORIGIN });
      expect(Buffer.from(response.response.userHandle, 'base64url').toString()).toBe('user-1');
      const r = await verifyAuthenticationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential });
      expect([r.verified, r.authenticationInfo.newCounter]).toEqual([true, expected]);
      credential.counter = r.authenticationInfo.newCounter;
    }
  });

  it('answers options wrapped as the nodes carry them, and refuses a key the options exclude', async () => {
    const auth = new SoftAuthenticator();
    const options = await generateRegistrationOptions({ rpName: 'Gatehouse', rpID: RP_ID, userName: 'a', userID: Buffer.from('u') });
    const created = auth.create({ publicKey: options }, { origin: ORIGIN });
    expect(() => auth.create({ publicKey: { ...options, excludeCredentials: [{ id: created.id }] } }, { origin: ORIGIN })).toThrow(/InvalidStateError/);
    expect(() => auth.get({ publicKey: { challenge: 'x', rpId: 'other.test' } }, { origin: 'https://other.test' })).toThrow(/NotAllowedError/);
  });

  it('clones: the copy starts from the counter the original had', async () => {
    const auth = new SoftAuthenticator();
    await register(auth, 'none');
    const clone = auth.clone();
    auth.get({ challenge: 'x' }, { origin: ORIGIN });
    expect([auth.keys[0]!.counter, clone.keys[0]!.counter]).toEqual([1, 0]);
  });
});
