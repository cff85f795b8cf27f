import { VerificationMethod } from './verification.state';

/** A known verifiable address, as the write side's identity copy has it. */
export interface VerificationRecipient {
  identityId: string;
  addressId: string;
  address: string;
  via: 'email' | 'sms';
}

/** Send a code or a link. `recipient` is absent for an unknown address: nothing is sent, the answer is the same. */
export interface RequestVerification {
  type: 'RequestVerification';
  now: Date;
  flowId: string;
  method: VerificationMethod;
  address: string;
  recipient?: VerificationRecipient;
  /** The code or token, sealed for the notifier (its digest stays in Postgres). */
  sealed: string;
  expiresAt: Date;
}

/** Submit a code (or open a link). `match` is the unused secret of this flow whose digest matches, if any. */
export interface SubmitVerificationSecret {
  type: 'SubmitVerificationSecret';
  now: Date;
  flowId: string;
  method: VerificationMethod;
  /** selfservice.methods.code.config.max_submissions */
  maxSubmissions: number;
  match?: VerificationRecipient & { expiresAt: Date };
}

export type VerificationCommand = RequestVerification | SubmitVerificationSecret;
