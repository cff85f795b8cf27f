import { deciderSpec } from '@gatehouse/testing';
import { SubmitSettings, settingsDecider } from './settings.decide';
import { newSettingsFlow } from './settings.state';

const IDENTITY = '4c9e5a40-0000-4000-8000-000000000002';
const SESSION = '4c9e5a40-0000-4000-8000-000000000003';
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

const changed = { type: 'PasswordChanged', version: 1, data: { identity_id: IDENTITY, flow_id: flow.id, session_id: SESSION, changed_at: NOW.toISOString() } };

const submit = (o: Partial<SubmitSettings> = {}): SubmitSettings => ({
  type: 'SubmitSettings',
  now: NOW,
  flowId: flow.id,
  session: { id: SESSION, identityId: IDENTITY, authenticatedAt: '2026-11-29T10:00:00.000Z' },
  privilegedMaxAgeMs: 15 * 60_000,
  privileged: true,
  change: { events: [changed], notice: { notice: 'password_changed' } },
  ...o,
});

const spec = deciderSpec(settingsDecider);

describe('settings decide (pure)', () => {
  it("a privileged session of the owner: the strategy's events, the flow succeeds", () => {
    const r = spec.givenState(flow).when(submit());
    r.then([changed]);
    expect(settingsDecider.evolve(flow, (r.result as any)[0])).toMatchObject({ state: 'success' });
  });

  it('a change that asks for a notice gets SecurityNoticeRequested to the addresses given, after its events', () => {
    const to = [{ address: 'ada@example.com', via: 'email' as const }];
    spec.givenState(flow).when(submit({ noticeTo: to, change: { events: [changed], notice: { notice: 'factor_added', factor: 'totp' } } })).then([
      changed,
      { type: 'SecurityNoticeRequested', version: 1, data: { identity_id: IDENTITY, notice: 'factor_added', factor: 'totp', to, requested_at: NOW.toISOString() } },
    ]);
    spec.givenState(flow).when(submit({ noticeTo: [] })).then([changed]);
  });

  it('without a change: authorized (no events)', () => {
    spec.givenState(flow).when(submit({ change: undefined })).then([]);
  });

  it("another identity's session is refused (security_identity_mismatch)", () => {
    spec.givenState(flow).when(submit({ session: { id: 'x', identityId: '4c9e5a40-0000-4000-8000-000000000009', authenticatedAt: NOW.toISOString() } })).thenRejects({ reason: 'identity_mismatch' });
  });

  it('a session older than privileged_session_max_age needs a refresh, unless the change is not privileged (profile)', () => {
    const old = { id: 'x', identityId: IDENTITY, authenticatedAt: '2026-11-29T09:54:59.000Z' };
    spec.givenState(flow).when(submit({ session: old })).thenRejects({ reason: 'refresh_required' });
    spec.givenState(flow).when(submit({ session: old, privileged: false })).then([changed]);
    spec.givenState(flow).when(submit({ session: { ...old, authenticatedAt: '2026-11-29T09:55:00.000Z' } })).then(expect.any(Array));
  });

  it('an expired flow and an unknown flow are refused', () => {
    spec.givenState(flow).when(submit({ now: new Date('2026-11-29T11:00:00.000Z'), session: { id: 'x', identityId: IDENTITY, authenticatedAt: '2026-11-29T10:59:00.000Z' } })).thenRejects({ reason: 'flow_expired' });
    spec.givenState(flow).when(submit({ flowId: '4c9e5a40-0000-4000-8000-00000000000f' })).thenRejects({ reason: 'flow_not_found' });
  });
});
