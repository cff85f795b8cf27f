import { aal2LoginUrl, aal2Required, availableAal, satisfiesAal } from './aal';

describe('assurance levels (pure)', () => {
  it('highest_available asks aal2 of an aal1 session only when the identity has a second factor; aal1 never', () => {
    expect(satisfiesAal({ aal: 'aal1' }, availableAal(true), 'highest_available')).toBe(false);
    expect(satisfiesAal({ aal: 'aal1' }, availableAal(false), 'highest_available')).toBe(true);
    expect(satisfiesAal({ aal: 'aal2' }, availableAal(true), 'highest_available')).toBe(true);
    expect(satisfiesAal({ aal: 'aal1' }, availableAal(true), 'aal1')).toBe(true);
  });

  it("answers as Kratos's ErrAALNotSatisfied: 403 session_aal2_required toward the aal2 login", () => {
    const to = aal2LoginUrl('http://127.0.0.1:4433/', 'http://app.example/after');
    expect(to).toBe('http://127.0.0.1:4433/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Fapp.example%2Fafter');
    const e = aal2Required(to);
    expect(e.code).toBe(403);
    expect(e.toEnvelope()).toMatchObject({ error: { id: 'session_aal2_required', details: { redirect_browser_to: to } }, redirect_browser_to: to });
  });
});
