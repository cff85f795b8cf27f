export * from './wait-for';
export * from './infra';
export * from './smtp-sink';
export * from './decider-spec';
export * from './kafka';
export * from './fixtures';
export * from './suite';
export * from './kratos-openapi';
