export * from './envelope';
export * from './catalogue';
export * from './cloudevents';
export * as IdentityRegistered from './identity-registered';
