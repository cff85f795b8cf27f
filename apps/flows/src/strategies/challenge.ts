import { Messages, UiNode, normalizeIdentifier } from '@gatehouse/contracts';
import type { IssuedCode } from '../verification/verification-code';
import { ChallengeInput, ChallengeMethod, NodeTarget, Strategy, Submission, Submits } from './strategy';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

type Secrets = { cipher: readonly string[]; default: readonly string[] };

/** What the code and link strategies are configured with: the service's secrets, and how long a secret lives. */
export interface ChallengeOptions {
  secrets: Secrets;
  lifespanMs: number;
}

/** A method of verification and recovery (code, link): one submit handler serves both flows; it owns no credential. */
export abstract class ChallengeStrategy implements Strategy {
  abstract readonly id: 'code' | 'link';
  readonly credentialType = null;
  readonly submit: Pick<Submits, 'verification' | 'recovery'>;

  constructor(method: ChallengeMethod) {
    this.submit = { verification: method, recovery: method };
  }

  abstract nodes(target: NodeTarget): UiNode[];
}

/** What the code and link methods share in verification and recovery: `{email}` asks for a secret to be sent
 * (the address normalized for the lookup); `{code}` without an email submits one, where the method takes secrets
 * typed into the form (code). Pure apart from the secret `issue` draws. */
export function challengeMethod(o: ChallengeOptions & { acceptsTypedSecret: boolean; issue: (flowId: string, secrets: Secrets) => IssuedCode }): ChallengeMethod {
  return {
    read: (input) => readChallenge(input, o.acceptsTypedSecret),
    issue: (flowId, now) => ({ issued: o.issue(flowId, o.secrets), expiresAt: new Date(now.getTime() + o.lifespanMs) }),
  };
}

function readChallenge(input: Record<string, unknown>, acceptsTypedSecret: boolean): Submission<ChallengeInput> {
  const email = typeof input.email === 'string' && input.email.trim() !== '' ? input.email : undefined;
  const code = typeof input.code === 'string' && input.code !== '' ? input.code : undefined;
  if (acceptsTypedSecret && code !== undefined && email === undefined) return { accepted: { secret: code } };
  if (email === undefined || !EMAIL.test(email.trim())) {
    const message = email === undefined ? Messages.ErrorValidationRequired('email') : Messages.ErrorValidationGeneric(`"${email}" is not valid "email"`);
    return { fields: [{ node: 'email', message }] };
  }
  return { accepted: { address: normalizeIdentifier(email, 'address_lookup') } };
}
