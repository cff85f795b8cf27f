export * from './errors';
export * from './error-ids';
export * from './messages';
export * from './ui';
export * from './flow';
export * from './identity';
export * from './session';
export * from './identifier';
