export * from './store/schema';
export * from './store/errors';
export * from './store/event-store';
export * from './relay/outbox-relay';
export * from './relay/kafka-sink';
export * from './decider/decider';
export * from './store/keyring';
export * from './store/sealing';
