import { Hook } from './hook';

/** `session` (kratos:selfservice/hook/session_issuer.go): a registration signs the person in. The session is issued in
 * the registration's own transaction, so the hook asks for it before the registration is recorded; the answer then
 * carries it (token for native apps, cookie for browsers). Kratos runs it last; here the order does not matter. */
export const sessionHook: Hook = {
  name: 'session',
  registration: {
    prePersist(ctx) {
      ctx.issueSession = true;
      return undefined;
    },
  },
};
