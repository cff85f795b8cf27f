import { DEFAULT_SCHEMA } from '../schema/identity-schema';
import { passwordLoginNodes } from './login-nodes';
import { credentialsStepNodes, passwordRegistrationNodes, profileStepNodes } from './registration-nodes';

// Snapshots of the ui.nodes Kratos clients render for the default (quickstart) schema: any drift in
// names, types, groups, attributes or labels shows up here as a diff to review.
describe('ui.nodes for the default identity schema', () => {
  it('registration with the password method', () => {
    expect(passwordRegistrationNodes(DEFAULT_SCHEMA)).toMatchSnapshot();
  });

  it('registration after a failed submit keeps the values', () => {
    expect(passwordRegistrationNodes(DEFAULT_SCHEMA, { email: 'ada@example.com', name: { first: 'Ada' } })).toMatchSnapshot();
  });

  it('two-step registration, profile step', () => {
    expect(profileStepNodes(DEFAULT_SCHEMA)).toMatchSnapshot();
  });

  it('two-step registration, credentials step', () => {
    expect(credentialsStepNodes(DEFAULT_SCHEMA, { email: 'ada@example.com' })).toMatchSnapshot();
  });

  it('login with the password method', () => {
    expect(passwordLoginNodes(DEFAULT_SCHEMA)).toMatchSnapshot();
  });
});
