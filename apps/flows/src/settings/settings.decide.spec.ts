import { deciderSpec } from '@gatehouse/testing';
import { ChangePassword, settingsDecider } from './settings.decide';
import { newSettingsFlow } from './settings.state';

const IDENTITY = '4c9e5a40-0000-4000-8000-000000000002';
const NOW = new Date('2026-11-29T10:10:00.000Z');
const flow = newSettingsFlow({
  id: '4c9e5a40-0000-4000-8000-000000000001',
  type: 'api',
  identityId: IDENTITY,
  schemaId: 'default',
  now: new Date('2026-11-29T10:00:00.000Z'),
  lifespanMs: 3_600_000,
  requestUrl: 'http://127.0.0.1:4433/self-service/settings/api',
});

const change = (o: Partial<ChangePassword> = {}): ChangePassword => ({
  type: 'ChangePassword',
  now: NOW,
  flowId: flow.id,
  session: { id: '4c9e5a40-0000-4000-8000-000000000003', identityId: IDENTITY, authenticatedAt: '2026-11-29T10:00:00.000Z' },
  privilegedMaxAgeMs: 15 * 60_000,
  ...o,
});

const spec = deciderSpec(settingsDecider);

describe('settings decide (pure): password method', () => {
  it('a privileged session of the owner with an accepted password: PasswordChanged (no secret), the flow succeeds', () => {
    const r = spec.givenState(flow).when(change());
    r.then([{ type: 'PasswordChanged', version: 1, data: { identity_id: IDENTITY, flow_id: flow.id, session_id: '4c9e5a40-0000-4000-8000-000000000003', changed_at: NOW.toISOString() } }]);
    expect(settingsDecider.evolve(flow, (r.result as any)[0])).toMatchObject({ state: 'success' });
  });

  it("another identity's session is refused (security_identity_mismatch)", () => {
    spec.givenState(flow).when(change({ session: { id: 'x', identityId: '4c9e5a40-0000-4000-8000-000000000009', authenticatedAt: NOW.toISOString() } })).thenRejects({ reason: 'identity_mismatch' });
  });

  it('a session authenticated longer ago than privileged_session_max_age needs a refresh', () => {
    spec.givenState(flow).when(change({ session: { id: 'x', identityId: IDENTITY, authenticatedAt: '2026-11-29T09:54:59.000Z' } })).thenRejects({ reason: 'refresh_required' });
    spec.givenState(flow).when(change({ session: { id: 'x', identityId: IDENTITY, authenticatedAt: '2026-11-29T09:55:00.000Z' } })).then(expect.any(Array));
  });

  it('an expired flow, an unknown flow and a policy violation are refused', () => {
    spec.givenState(flow).when(change({ now: new Date('2026-11-29T11:00:00.000Z'), session: { id: 'x', identityId: IDENTITY, authenticatedAt: '2026-11-29T10:59:00.000Z' } })).thenRejects({ reason: 'flow_expired' });
    spec.givenState(flow).when(change({ flowId: '4c9e5a40-0000-4000-8000-00000000000f' })).thenRejects({ reason: 'flow_not_found' });
    const violation = { id: 4000032, text: 'too short', type: 'error' as const };
    spec.givenState(flow).when(change({ violation })).thenRejects({ reason: 'password_rejected', message: violation });
  });
});
