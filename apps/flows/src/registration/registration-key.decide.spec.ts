import { IdentityDocument, IdentityRegistered } from '@gatehouse/contracts';
import { deciderSpec } from '@gatehouse/testing';
import { SubmitKeyRegistration } from './registration.commands';
import { registrationDecider } from './registration.decide';
import { RegistrationFlow } from './registration.state';

const FLOW_ID = '0b1f7d6e-1111-4c4c-8a8a-000000000001';
const IDENTITY_ID = '0b1f7d6e-2222-4c4c-8a8a-000000000002';
const ADDRESS_ID = '0b1f7d6e-3333-4c4c-8a8a-000000000003';
const HANDLE = 'a'.repeat(64);

const activeFlow: RegistrationFlow = {
  id: FLOW_ID,
  type: 'browser',
  schemaId: 'default',
  issuedAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-11-29T11:00:00.000Z',
  requestUrl: 'http://127.0.0.1:4433/self-service/registration/browser',
  state: 'choose_method',
};

const submit = (overrides: Partial<SubmitKeyRegistration> = {}): SubmitKeyRegistration => ({
  type: 'SubmitKeyRegistration',
  now: new Date('2026-11-29T10:30:00.000Z'),
  flowId: FLOW_ID,
  identityId: IDENTITY_ID,
  schemaId: 'default',
  traits: { email: 'Ada@Example.com' },
  passwordIdentifiers: ['ada@example.com'],
  verifiableAddresses: [{ id: ADDRESS_ID, value: 'ada@example.com', via: 'email' }],
  recoveryAddresses: [],
  key: { type: 'passkey', identifiers: [HANDLE] },
  ...overrides,
});

const spec = deciderSpec(registrationDecider);
const credentialsOf = (command: SubmitKeyRegistration) => {
  const events = registrationDecider.decide(command, activeFlow);
  if (!Array.isArray(events)) throw new Error(`rejected: ${events.reason}`);
  return events[0]!.data.credentials;
};

describe('registration decider, with a key', () => {
  it('a passkey: the identity starts with the passkey (its user handle) and the password identifiers, no password', () => {
    expect(credentialsOf(submit())).toEqual({ password: { identifiers: ['ada@example.com'] }, passkey: { identifiers: [HANDLE] } });
    // a schema without password identifiers: the passkey alone
    expect(credentialsOf(submit({ passwordIdentifiers: [] }))).toEqual({ passkey: { identifiers: [HANDLE] } });
  });

  it('a passwordless webauthn key: its identifiers are the webauthn identifier traits', () => {
    expect(credentialsOf(submit({ key: { type: 'webauthn', identifiers: ['ada@example.com'] } }))).toEqual({
      password: { identifiers: ['ada@example.com'] },
      webauthn: { identifiers: ['ada@example.com'] },
    });
  });

  it('the event is a valid IdentityRegistered v1, and the document gets a row per credential it names', () => {
    const events = registrationDecider.decide(submit(), activeFlow) as Array<{ data: IdentityRegistered.V1.Data }>;
    expect(IdentityRegistered.V1.schema.parse(events[0]!.data)).toEqual(events[0]!.data);
    const row = IdentityDocument.evolve(null, { id: 'e1', type: 'IdentityRegistered', version: 1, streamId: `identity:${IDENTITY_ID}`, streamVersion: 1, subject: IDENTITY_ID, occurredAt: '2026-11-29T10:30:00.000Z', data: events[0]!.data } as never)!;
    expect(row.credentials.map((c) => [c.type, c.identifiers])).toEqual([
      ['password', ['ada@example.com']],
      ['passkey', [HANDLE]],
    ]);
  });

  it('refuses a key without identifiers (Kratos: missing identifier), and whatever a password registration refuses', () => {
    spec.givenState(activeFlow).when(submit({ key: { type: 'webauthn', identifiers: [] } })).thenRejects({ reason: 'no_identifier' });
    spec.givenState(activeFlow).when(submit({ flowId: IDENTITY_ID })).thenRejects({ reason: 'flow_not_found' });
    spec.givenState(activeFlow).when(submit({ schemaId: 'other' })).thenRejects({ reason: 'flow_schema_mismatch' });
    spec.givenState(activeFlow).when(submit({ now: new Date(activeFlow.expiresAt) })).thenRejects({ reason: 'flow_expired', expiredAt: activeFlow.expiresAt });
    const registered = registrationDecider.decide(submit(), activeFlow);
    if (!Array.isArray(registered)) throw new Error('expected the first registration to succeed');
    spec.given(registered, activeFlow).when(submit()).thenRejects({ reason: 'flow_completed' });
  });
});
