import { Messages, UiNode } from '@gatehouse/contracts';
import { codeNodes, emailNodes } from '../../ui/verification-nodes';
import { issueCode } from '../../verification/verification-code';
import { ChallengeOptions, ChallengeStrategy, challengeMethod } from '../challenge';
import { NodeTarget } from '../strategy';

/** The `code` method (kratos:selfservice/strategy/code): a 6-digit code mailed for verification and recovery,
 * typed into the flow's form (or opened from the mail's link). It owns no credential here (no code login yet). */
export class CodeStrategy extends ChallengeStrategy {
  readonly id = 'code';

  /** lifespanMs: selfservice.methods.code.config.lifespan */
  constructor(o: ChallengeOptions) {
    super(challengeMethod({ acceptsTypedSecret: true, issue: issueCode, ...o }));
  }

  /** The email form until a code was sent, then the code form with a resend button. */
  nodes(t: NodeTarget): UiNode[] {
    switch (t.kind) {
      case 'verification':
        return t.flow.state === 'sent_email' ? codeNodes(t.flow.sentTo) : emailNodes('code', t.flow.sentTo);
      case 'recovery':
        return t.flow.state !== 'choose_method' ? codeNodes(t.flow.sentTo, Messages.InfoNodeLabelRecoveryCode()) : emailNodes('code', t.flow.sentTo);
      default:
        return [];
    }
  }
}
