export * from './topics';
export * from './stream-ids';
export * from './events';
export * from './http';
export * from './crypto/sealed-code';
export * from './asyncapi';
export * as IdentityDocument from './identity-document';
