import { RegistrationAfter } from './hook';
import { sessionHook } from './session.hook';

describe('the session hook', () => {
  it('asks the registration to issue a session in its own transaction, and only runs in registrations', async () => {
    const ctx = { flow: {}, identity: {}, issueSession: false } as RegistrationAfter;
    await expect(sessionHook.registration!.prePersist!(ctx)).toBeUndefined();
    expect(ctx.issueSession).toBe(true);
    expect(Object.keys(sessionHook).sort()).toEqual(['name', 'registration']);
  });
});
