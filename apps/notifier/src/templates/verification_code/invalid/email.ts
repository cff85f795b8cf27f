import { InvalidAddressModel } from '../../model';
import { builtinTemplate, TEMPLATE_TYPES } from '../../template';
import { VERIFICATION_ATTEMPT } from '../../invalid-address';

/** Kratos's built-in courier/builtin/templates/verification_code/invalid/email.*.gotmpl, embedded: the "someone tried" mail
 * to an address no identity has. */
export const verificationCodeInvalid = builtinTemplate<InvalidAddressModel>(TEMPLATE_TYPES.verificationCodeInvalid, VERIFICATION_ATTEMPT);
