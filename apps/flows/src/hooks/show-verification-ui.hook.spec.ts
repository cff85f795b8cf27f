import { RegistrationAfter, ShowVerificationUi } from './hook';
import { showVerificationUiHook } from './show-verification-ui.hook';

const verification: ShowVerificationUi = {
  action: 'show_verification_ui',
  flow: { id: 'v1', verifiable_address: 'ada@example.com', url: 'http://127.0.0.1:4455/verification?flow=v1' },
};
const after = (type: 'api' | 'browser', v?: ShowVerificationUi) => ({ flow: { type }, identity: {}, verification: v, issueSession: true }) as RegistrationAfter;

describe('the show_verification_ui hook', () => {
  it('sends a browser on to the verification UI of the flow the registration opened', async () => {
    const ctx = after('browser', verification);
    await showVerificationUiHook.registration!.postPersist!(ctx);
    expect(ctx.browserNext).toBe(verification.flow.url);
  });

  it('leaves native flows, and registrations that opened no verification flow, alone', async () => {
    for (const ctx of [after('api', verification), after('browser')]) {
      await showVerificationUiHook.registration!.postPersist!(ctx);
      expect(ctx.browserNext).toBeUndefined();
    }
  });
});
