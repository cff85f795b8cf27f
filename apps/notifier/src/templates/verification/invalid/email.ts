import { InvalidAddressModel } from '../../model';
import { builtinTemplate, TEMPLATE_TYPES } from '../../template';
import { VERIFICATION_ATTEMPT } from '../../invalid-address';

/** Kratos's built-in courier/builtin/templates/verification/invalid/email.*.gotmpl, embedded: the "someone tried" mail
 * to an address no identity has. */
export const verificationInvalid = builtinTemplate<InvalidAddressModel>(TEMPLATE_TYPES.verificationInvalid, VERIFICATION_ATTEMPT);
