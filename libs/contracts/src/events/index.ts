export * from './envelope';
export * from './catalogue';
export * from './cloudevents';
export * as IdentityRegistered from './identity-registered';
export * as SessionIssued from './session-issued';
export * as SessionRevoked from './session-revoked';
export * as LoginSucceeded from './login-succeeded';
export * as LoginFailed from './login-failed';
