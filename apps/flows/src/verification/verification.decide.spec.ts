import { deciderSpec } from '@gatehouse/testing';
import { RequestVerification, SubmitVerificationSecret, VerificationRecipient } from './verification.commands';
import { verificationDecider } from './verification.decide';
import { VerificationEvent, VerificationFlow, requested } from './verification.state';

const FLOW_ID = '2c9e5a40-0000-4000-8000-000000000001';
const recipient: VerificationRecipient = {
  identityId: '2c9e5a40-0000-4000-8000-000000000002',
  addressId: '2c9e5a40-0000-4000-8000-000000000003',
  address: 'ada@example.com',
  via: 'email',
};
const NOW = new Date('2026-11-29T10:10:00.000Z');

const flow: VerificationFlow = {
  id: FLOW_ID,
  type: 'api',
  schemaId: 'default',
  issuedAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-11-29T11:00:00.000Z',
  requestUrl: 'http://127.0.0.1:4433/self-service/verification/api',
  state: 'choose_method',
};

const request = (o: Partial<RequestVerification> = {}): RequestVerification => ({
  type: 'RequestVerification',
  now: NOW,
  flowId: FLOW_ID,
  method: 'code',
  address: recipient.address,
  recipient,
  sealed: 'v1.0.sealed',
  expiresAt: new Date('2026-11-29T10:20:00.000Z'),
  ...o,
});

const submit = (o: Partial<SubmitVerificationSecret> = {}): SubmitVerificationSecret => ({
  type: 'SubmitVerificationSecret',
  now: NOW,
  flowId: FLOW_ID,
  method: 'code',
  maxSubmissions: 5,
  match: { ...recipient, expiresAt: new Date('2026-11-29T10:20:00.000Z') },
  ...o,
});

const codeRequested: VerificationEvent = {
  type: 'VerificationRequested',
  version: 1,
  data: {
    flow_id: FLOW_ID,
    identity_id: recipient.identityId,
    address_id: recipient.addressId,
    address: recipient.address,
    via: 'email',
    expires_at: '2026-11-29T10:20:00.000Z',
    method: 'code',
    sealed_code: 'v1.0.sealed',
  },
};

const verified: VerificationEvent = {
  type: 'AddressVerified',
  version: 1,
  data: {
    identity_id: recipient.identityId,
    address_id: recipient.addressId,
    address: recipient.address,
    via: 'email',
    flow_id: FLOW_ID,
    method: 'code',
    verified_at: NOW.toISOString(),
  },
};

const spec = deciderSpec(verificationDecider);

describe('verification decider', () => {
  describe('requesting a code or a link', () => {
    it('a known address records VerificationRequested with the sealed code, never the code', () => {
      spec.givenState(flow).when(request()).then([codeRequested]);
    });

    it('the link method carries a sealed token instead', () => {
      const { flow_id, identity_id, address_id, address, via, expires_at } = (codeRequested as Extract<VerificationEvent, { type: 'VerificationRequested' }>).data;
      spec
        .givenState(flow)
        .when(request({ method: 'link', sealed: 'v1.0.token' }))
        .then([
          { type: 'VerificationRequested', version: 1, data: { flow_id, identity_id, address_id, address, via, expires_at, method: 'link', sealed_token: 'v1.0.token' } },
        ]);
    });

    it('an unknown address records nothing (enumeration safety)', () => {
      spec.givenState(flow).when(request({ recipient: undefined })).thenNothingHappened();
    });

    it('a resend on a flow that sent already records a new request', () => {
      spec.given([codeRequested], flow).when(request()).then([codeRequested]);
    });

    it('a passed flow refuses a new request', () => {
      spec.given([codeRequested, verified], flow).when(request()).thenRejects({ reason: 'flow_completed' });
    });

    it('an expired flow refuses', () => {
      spec.givenState(flow).when(request({ now: new Date(flow.expiresAt) })).thenRejects({ reason: 'flow_expired', expiredAt: flow.expiresAt });
    });

    it('another flow id is not this flow', () => {
      spec.givenState(flow).when(request({ flowId: '2c9e5a40-0000-4000-8000-0000000000ff' })).thenRejects({ reason: 'flow_not_found' });
      spec.given([]).when(request()).thenRejects({ reason: 'flow_not_found' });
    });
  });

  describe('submitting a code', () => {
    it('a matching, unexpired code verifies the address', () => {
      spec.given([codeRequested], flow).when(submit()).then([verified]);
    });

    it('no matching unused code (wrong, used, or from another flow) is refused', () => {
      spec.given([codeRequested], flow).when(submit({ match: undefined })).thenRejects({ reason: 'secret_invalid' });
    });

    it('a matching code past its lifespan is refused as expired', () => {
      spec
        .given([codeRequested], flow)
        .when(submit({ now: new Date('2026-11-29T10:20:00.000Z') }))
        .thenRejects({ reason: 'secret_expired', expiredAt: '2026-11-29T10:20:00.000Z' });
    });

    it('after max_submissions wrong codes even the right code is refused', () => {
      spec.given([codeRequested], { ...flow, failedSubmissions: 5 }).when(submit()).thenRejects({ reason: 'too_many_submissions' });
      spec.given([codeRequested], { ...flow, failedSubmissions: 4 }).when(submit()).then([verified]);
    });

    it('a passed flow takes no code any more', () => {
      spec.given([codeRequested, verified], flow).when(submit()).thenRejects({ reason: 'secret_invalid' });
    });

    it('an expired flow refuses before looking at the code', () => {
      spec.given([codeRequested], flow).when(submit({ now: new Date('2026-11-29T12:00:00.000Z') })).thenRejects({ reason: 'flow_expired' });
    });

    it('evolve: a request (known or unknown address) and a verification move the flow alike', () => {
      const afterRequest = verificationDecider.evolve(flow, codeRequested);
      expect(afterRequest).toEqual(requested(flow, 'code', recipient.address));
      expect(afterRequest).toMatchObject({ state: 'sent_email', active: 'code', sentTo: recipient.address });
      expect(verificationDecider.evolve(afterRequest, verified)).toMatchObject({ state: 'passed_challenge', identityId: recipient.identityId });
    });
  });
});
