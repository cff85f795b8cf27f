import { deciderSpec } from '@gatehouse/testing';
import { SubmitPasswordRegistration } from './registration.commands';
import { registrationDecider } from './registration.decide';
import { RegistrationFlow } from './registration.state';

const FLOW_ID = '0b1f7d6e-1111-4c4c-8a8a-000000000001';
const IDENTITY_ID = '0b1f7d6e-2222-4c4c-8a8a-000000000002';
const ADDRESS_ID = '0b1f7d6e-3333-4c4c-8a8a-000000000003';
const RECOVERY_ID = '0b1f7d6e-4444-4c4c-8a8a-000000000004';
const VERIFICATION_FLOW_ID = '0b1f7d6e-5555-4c4c-8a8a-000000000005';

const activeFlow: RegistrationFlow = {
  id: FLOW_ID,
  type: 'api',
  schemaId: 'default',
  issuedAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-11-29T11:00:00.000Z',
  requestUrl: 'http://127.0.0.1:4433/self-service/registration/api',
  state: 'choose_method',
};

const submit = (overrides: Partial<SubmitPasswordRegistration> = {}): SubmitPasswordRegistration => ({
  type: 'SubmitPasswordRegistration',
  now: new Date('2026-11-29T10:30:00.000Z'),
  flowId: FLOW_ID,
  identityId: IDENTITY_ID,
  schemaId: 'default',
  traits: { email: 'Ada@Example.com' },
  passwordIdentifiers: ['ada@example.com'],
  verifiableAddresses: [{ id: ADDRESS_ID, value: 'ada@example.com', via: 'email' }],
  recoveryAddresses: [{ id: RECOVERY_ID, value: 'ada@example.com', via: 'email' }],
  verification: { flowId: VERIFICATION_FLOW_ID, sealedCode: 'v1.0.sealed', expiresAt: new Date('2026-11-29T11:30:00.000Z') },
  ...overrides,
});

const spec = deciderSpec(registrationDecider);

describe('registration decider', () => {
  describe('when the flow is active', () => {
    it('registers the identity with its addresses, identifiers and the sealed verification code', () => {
      spec
        .givenState(activeFlow)
        .when(submit())
        .then([
          {
            type: 'IdentityRegistered',
            version: 1,
            data: {
              identity_id: IDENTITY_ID,
              flow_id: FLOW_ID,
              schema_id: 'default',
              state: 'active',
              traits: { email: 'Ada@Example.com' },
              verifiable_addresses: [{ id: ADDRESS_ID, value: 'ada@example.com', via: 'email' }],
              recovery_addresses: [{ id: RECOVERY_ID, value: 'ada@example.com', via: 'email' }],
              credentials: { password: { identifiers: ['ada@example.com'] } },
              verification: { flow_id: VERIFICATION_FLOW_ID, address_id: ADDRESS_ID, address: 'ada@example.com', via: 'email', sealed_code: 'v1.0.sealed', expires_at: '2026-11-29T11:30:00.000Z' },
            },
          },
        ]);
    });

    it('sends no code when nothing needs verifying', () => {
      const [event] = spec.givenState(activeFlow).when(submit({ verification: undefined })).result as Array<{ data: object }>;
      expect(event.data).not.toHaveProperty('verification');
    });

    it('refuses traits that give no login identifier', () => {
      spec.givenState(activeFlow).when(submit({ passwordIdentifiers: [] })).thenRejects({ reason: 'no_identifier' });
    });

    it('refuses a command for another flow or schema', () => {
      spec.givenState(activeFlow).when(submit({ flowId: IDENTITY_ID })).thenRejects({ reason: 'flow_not_found' });
      spec.givenState(activeFlow).when(submit({ schemaId: 'other' })).thenRejects({ reason: 'flow_schema_mismatch' });
    });
  });

  describe('when the flow has expired', () => {
    it('refuses at the expiry instant and after', () => {
      spec.givenState(activeFlow).when(submit({ now: new Date(activeFlow.expiresAt) })).thenRejects({ reason: 'flow_expired', expiredAt: activeFlow.expiresAt });
    });
  });

  describe('when the flow is completed', () => {
    it('refuses a second registration through the same flow', () => {
      const registered = registrationDecider.decide(submit(), activeFlow);
      if (!Array.isArray(registered)) throw new Error('expected the first registration to succeed');
      spec.given(registered, activeFlow).when(submit({ identityId: ADDRESS_ID })).thenRejects({ reason: 'flow_completed' });
    });
  });

  describe('when there is no flow', () => {
    it('refuses', () => {
      spec.given([]).when(submit()).thenRejects({ reason: 'flow_not_found' });
    });
  });
});
