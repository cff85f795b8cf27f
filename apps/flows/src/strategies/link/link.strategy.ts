import { UiNode } from '@gatehouse/contracts';
import { emailNodes } from '../../ui/verification-nodes';
import { issueToken } from '../../verification/verification-code';
import { ChallengeOptions, ChallengeStrategy, challengeMethod } from '../challenge';
import { NodeTarget } from '../strategy';

/** The `link` method (kratos:selfservice/strategy/link): a mailed link with a one-time token, for verification and
 * recovery; the token is only ever opened from the mail, never typed. Off by default, as in Kratos. */
export class LinkStrategy extends ChallengeStrategy {
  readonly id = 'link';

  /** lifespanMs: selfservice.methods.link.config.lifespan */
  constructor(o: ChallengeOptions) {
    super(challengeMethod({ acceptsTypedSecret: false, issue: issueToken, ...o }));
  }

  /** The email form, also after a link was sent (it carries the address for a resend). */
  nodes(t: NodeTarget): UiNode[] {
    return t.kind === 'verification' || t.kind === 'recovery' ? emailNodes('link', t.flow.sentTo) : [];
  }
}
