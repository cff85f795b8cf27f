/** Every input a decision needs, already gathered: time, ids and sealed secrets are passed in. */
export interface SubmitPasswordRegistration {
  type: 'SubmitPasswordRegistration';
  now: Date;
  flowId: string;
  identityId: string;
  schemaId: string;
  traits: Record<string, unknown>;
  passwordIdentifiers: string[];
  verifiableAddresses: Array<{ id: string; value: string; via: 'email' | 'sms' }>;
  recoveryAddresses: Array<{ id: string; value: string; via: 'email' | 'sms' }>;
  /** The code for the first verifiable address, sealed for the notifier; absent when no address needs verifying. */
  verification?: { flowId: string; sealedCode: string; expiresAt: Date };
}

/** A sign-up with a key (a passkey, or a passwordless webauthn key): the identity starts with that credential, and
 * with the schema's password identifiers (no password: they keep the identifiers unique, as Kratos's credential
 * identifiers do, and a password can be set later). */
export interface SubmitKeyRegistration extends Omit<SubmitPasswordRegistration, 'type'> {
  type: 'SubmitKeyRegistration';
  key: { type: 'passkey' | 'webauthn'; identifiers: string[] };
}

export type RegistrationCommand = SubmitPasswordRegistration | SubmitKeyRegistration;
