import { IdentityView } from '@gatehouse/contracts';
import { LoginAfter } from './hook';
import { requireVerifiedAddressHook } from './require-verified-address.hook';

const address = (verified: boolean) => ({ id: 'a', value: 'ada@example.com', verified, via: 'email', status: verified ? 'completed' : 'sent', created_at: '', updated_at: '' });
const login = (addresses: unknown[] | undefined) =>
  requireVerifiedAddressHook.login!.prePersist!({ flow: {}, identity: addresses && ({ verifiable_addresses: addresses } as unknown as IdentityView) } as LoginAfter);

describe('the require_verified_address hook', () => {
  it("refuses a login without a verified address with Kratos's 4000010, before a session exists", async () => {
    const refusal = { form: [{ id: 4000010, text: 'Account not active yet. Did you forget to verify your email address?', type: 'error' }] };
    await expect(login([address(false)])).toEqual(refusal);
    await expect(login([])).toEqual(refusal);
    await expect(login(undefined)).toEqual(refusal);
  });

  it('lets a login in when one address is verified', async () => {
    await expect(login([address(false), address(true)])).toBeUndefined();
  });
});
