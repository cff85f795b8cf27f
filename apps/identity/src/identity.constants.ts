/** Injection token of the validated IdentityConfig. */
export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

/** Injection token of the service's kafkajs client. */
export const IDENTITY_KAFKA = Symbol('IDENTITY_KAFKA');

/** Kratos sends this on every response of its APIs. */
export const NO_CACHE = 'private, no-cache, no-store, must-revalidate';
