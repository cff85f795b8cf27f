import { Messages } from '@gatehouse/contracts';
import { Hook } from './hook';

/** `require_verified_address` (kratos:selfservice/hook/require_verified_address.go): a login whose identity has no
 * verified address is refused before a session exists, with 4000010 on the login flow (Kratos's answer with
 * feature_flags.legacy_require_verified_login_error; an identity without any address is refused the same way). */
export const requireVerifiedAddressHook: Hook = {
  name: 'require_verified_address',
  login: {
    prePersist: ({ identity }) => (identity?.verifiable_addresses.some((a) => a.verified) ? undefined : { form: [Messages.ErrorValidationAddressNotVerified()] }),
  },
};
