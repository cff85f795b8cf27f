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

export type RegistrationCommand = SubmitPasswordRegistration;
