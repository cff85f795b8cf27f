import { deciderSpec } from '@gatehouse/testing';
import { RecoveryRecipient, RequestRecovery, SubmitRecoverySecret } from './recovery.commands';
import { recoveryDecider } from './recovery.decide';
import { RecoveryEvent, RecoveryFlow, requested } from './recovery.state';

const FLOW_ID = '3c9e5a40-0000-4000-8000-000000000001';
const SESSION_ID = '3c9e5a40-0000-4000-8000-000000000004';
const SETTINGS_ID = '3c9e5a40-0000-4000-8000-000000000005';
const recipient: RecoveryRecipient = { identityId: '3c9e5a40-0000-4000-8000-000000000002', addressId: '3c9e5a40-0000-4000-8000-000000000003', address: 'ada@example.com', via: 'email' };
const NOW = new Date('2026-11-29T10:10:00.000Z');

const flow: RecoveryFlow = {
  id: FLOW_ID,
  type: 'api',
  schemaId: 'default',
  issuedAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-11-29T11:00:00.000Z',
  requestUrl: 'http://127.0.0.1:4433/self-service/recovery/api',
  state: 'choose_method',
};
const sent = requested(flow, 'code', recipient.address);

const request = (o: Partial<RequestRecovery> = {}): RequestRecovery => ({
  type: 'RequestRecovery',
  now: NOW,
  flowId: FLOW_ID,
  method: 'code',
  address: recipient.address,
  recipient,
  sealed: 'v1.0.sealed',
  expiresAt: new Date('2026-11-29T10:20:00.000Z'),
  ...o,
});

const submit = (o: Partial<SubmitRecoverySecret> = {}): SubmitRecoverySecret => ({
  type: 'SubmitRecoverySecret',
  now: NOW,
  flowId: FLOW_ID,
  method: 'code',
  maxSubmissions: 5,
  match: { identityId: recipient.identityId, address: recipient.address, expiresAt: new Date('2026-11-29T10:20:00.000Z') },
  sessionId: SESSION_ID,
  settingsFlowId: SETTINGS_ID,
  ...o,
});

const spec = deciderSpec(recoveryDecider);

describe('recovery decide (pure)', () => {
  it('a known address: RecoveryRequested with the sealed code, never the code', () => {
    spec.givenState(flow).when(request()).then([
      {
        type: 'RecoveryRequested',
        version: 1,
        data: { flow_id: FLOW_ID, identity_id: recipient.identityId, address_id: recipient.addressId, address: recipient.address, via: 'email', expires_at: '2026-11-29T10:20:00.000Z', method: 'code', sealed_code: 'v1.0.sealed' },
      },
    ]);
  });

  it('the link method seals a token', () => {
    const r = spec.givenState(flow).when(request({ method: 'link' })).result as RecoveryEvent[];
    expect(r[0].data).toMatchObject({ method: 'link', sealed_token: 'v1.0.sealed' });
  });

  it('an unknown address records nothing (the answer stays the same)', () => {
    spec.givenState(flow).when(request({ recipient: undefined })).thenNothingHappened();
  });

  it('an expired flow, another flow and a passed flow are refused', () => {
    spec.givenState(flow).when(request({ now: new Date('2026-11-29T11:00:00.000Z') })).thenRejects({ reason: 'flow_expired', expiredAt: flow.expiresAt });
    spec.givenState(flow).when(request({ flowId: SESSION_ID })).thenRejects({ reason: 'flow_not_found' });
    spec.givenState({ ...sent, state: 'passed_challenge' }).when(request()).thenRejects({ reason: 'flow_completed' });
  });

  it('a matching code: RecoverySucceeded naming the session and the settings flow, and the flow passes', () => {
    const r = spec.givenState(sent).when(submit());
    r.then([
      {
        type: 'RecoverySucceeded',
        version: 1,
        data: { flow_id: FLOW_ID, identity_id: recipient.identityId, method: 'code', address: recipient.address, session_id: SESSION_ID, settings_flow_id: SETTINGS_ID, recovered_at: NOW.toISOString() },
      },
    ]);
    const next = recoveryDecider.evolve(sent, (r.result as RecoveryEvent[])[0]);
    expect(next).toMatchObject({ state: 'passed_challenge', identityId: recipient.identityId, settingsFlowId: SETTINGS_ID });
  });

  it('no match, a used secret (passed flow), an expired secret and too many wrong codes are refused', () => {
    spec.givenState(sent).when(submit({ match: undefined })).thenRejects({ reason: 'secret_invalid' });
    spec.givenState({ ...sent, state: 'passed_challenge' }).when(submit()).thenRejects({ reason: 'secret_invalid' });
    spec
      .givenState(sent)
      .when(submit({ match: { identityId: recipient.identityId, expiresAt: new Date('2026-11-29T10:05:00.000Z') } }))
      .thenRejects({ reason: 'secret_expired', expiredAt: '2026-11-29T10:05:00.000Z' });
    spec.givenState({ ...sent, failedSubmissions: 5 }).when(submit()).thenRejects({ reason: 'too_many_submissions' });
    spec.givenState({ ...sent, failedSubmissions: 4 }).when(submit()).then(expect.any(Array));
  });
});
