import { InvalidAddressModel } from '../../model';
import { builtinTemplate, TEMPLATE_TYPES } from '../../template';
import { RECOVERY_ATTEMPT } from '../../invalid-address';

/** Kratos's built-in courier/builtin/templates/recovery_code/invalid/email.*.gotmpl, embedded: the "someone tried" mail
 * to an address no identity has. */
export const recoveryCodeInvalid = builtinTemplate<InvalidAddressModel>(TEMPLATE_TYPES.recoveryCodeInvalid, RECOVERY_ATTEMPT);
