import { deciderSpec } from '@gatehouse/testing';
import { SubmitPasswordLogin } from './login.commands';
import { loginDecider } from './login.decide';
import { LoginEvent, LoginFlow } from './login.state';

const FLOW_ID = '1c9e5a40-0000-4000-8000-000000000001';
const IDENTITY_ID = '1c9e5a40-0000-4000-8000-000000000002';
const SESSION_ID = '1c9e5a40-0000-4000-8000-000000000003';
const CURRENT_SESSION_ID = '1c9e5a40-0000-4000-8000-000000000004';
const OTHER_IDENTITY_ID = '1c9e5a40-0000-4000-8000-000000000005';

const flow: LoginFlow = {
  id: FLOW_ID,
  type: 'api',
  schemaId: 'default',
  issuedAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-11-29T11:00:00.000Z',
  requestUrl: 'http://127.0.0.1:4433/self-service/login/api',
  state: 'choose_method',
  refresh: false,
  requestedAal: 'aal1',
};

const attempt = (overrides: Partial<SubmitPasswordLogin> = {}): SubmitPasswordLogin => ({
  type: 'SubmitPasswordLogin',
  now: new Date('2026-11-29T10:10:00.000Z'),
  flowId: FLOW_ID,
  identity: { id: IDENTITY_ID, state: 'active' },
  passwordMatches: true,
  sessionId: SESSION_ID,
  ...overrides,
});

const spec = deciderSpec(loginDecider);
const failed = (identity_id?: string, reason: 'invalid_credentials' | 'identity_inactive' = 'invalid_credentials'): LoginEvent[] => [
  { type: 'LoginFailed', version: 1, data: { flow_id: FLOW_ID, ...(identity_id ? { identity_id } : {}), method: 'password', reason } },
];

describe('login decider', () => {
  describe('when the flow is open', () => {
    it('a matching password for an active identity succeeds with the new session id', () => {
      spec.givenState(flow).when(attempt()).then([
        { type: 'LoginSucceeded', version: 1, data: { flow_id: FLOW_ID, identity_id: IDENTITY_ID, session_id: SESSION_ID, method: 'password', refresh: false } },
      ]);
    });

    it('a wrong password and an unknown identifier both fail as invalid credentials', () => {
      spec.givenState(flow).when(attempt({ passwordMatches: false })).then(failed(IDENTITY_ID));
      spec.givenState(flow).when(attempt({ identity: undefined, passwordMatches: false })).then(failed());
    });

    it('an inactive identity fails only after its password matched', () => {
      spec.givenState(flow).when(attempt({ identity: { id: IDENTITY_ID, state: 'inactive' } })).then(failed(IDENTITY_ID, 'identity_inactive'));
      spec.givenState(flow).when(attempt({ identity: { id: IDENTITY_ID, state: 'inactive' }, passwordMatches: false })).then(failed(IDENTITY_ID));
    });

    it("a refresh re-authenticates the request's session when it is the same identity's (its id, refresh: true)", () => {
      const refreshing = { sessionId: CURRENT_SESSION_ID, identityId: IDENTITY_ID };
      spec.givenState({ ...flow, refresh: true }).when(attempt({ refreshing })).then([
        { type: 'LoginSucceeded', version: 1, data: { flow_id: FLOW_ID, identity_id: IDENTITY_ID, session_id: CURRENT_SESSION_ID, method: 'password', refresh: true } },
      ]);
      spec.givenState({ ...flow, refresh: true }).when(attempt({ refreshing, passwordMatches: false })).then(failed(IDENTITY_ID));
    });

    it("a refresh on another identity's session, or without one, starts a fresh session (as Kratos does)", () => {
      const fresh: LoginEvent[] = [{ type: 'LoginSucceeded', version: 1, data: { flow_id: FLOW_ID, identity_id: IDENTITY_ID, session_id: SESSION_ID, method: 'password', refresh: false } }];
      spec.givenState({ ...flow, refresh: true }).when(attempt({ refreshing: { sessionId: CURRENT_SESSION_ID, identityId: OTHER_IDENTITY_ID } })).then(fresh);
      spec.givenState({ ...flow, refresh: true }).when(attempt()).then(fresh);
      spec.givenState(flow).when(attempt({ refreshing: { sessionId: CURRENT_SESSION_ID, identityId: IDENTITY_ID } })).then(fresh);
    });
  });

  it('refuses an expired flow, a completed flow and a missing flow', () => {
    spec.givenState(flow).when(attempt({ now: new Date(flow.expiresAt) })).thenRejects({ reason: 'flow_expired' });
    const succeeded = loginDecider.decide(attempt(), flow);
    if (!Array.isArray(succeeded)) throw new Error('expected a success first');
    spec.given(succeeded, flow).when(attempt()).thenRejects({ reason: 'flow_completed' });
    spec.given([]).when(attempt()).thenRejects({ reason: 'flow_not_found' });
  });

  it('a failed attempt leaves the flow open for another try', () => {
    spec.given(failed(IDENTITY_ID), flow).when(attempt()).then([
      { type: 'LoginSucceeded', version: 1, data: { flow_id: FLOW_ID, identity_id: IDENTITY_ID, session_id: SESSION_ID, method: 'password', refresh: false } },
    ]);
  });
});
