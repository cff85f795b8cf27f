import { PasswordChanged } from '@gatehouse/contracts';
import { Submits } from '../strategy';
import type { NewPasswordSubmit } from './new-password';

/** The password method's settings submit (kratos:selfservice/strategy/password/settings.go): the new password as at
 * registration (required, the policy with the identity's own identifiers, the breach check), recorded as
 * PasswordChanged with the new hash in the sealed config. */
export function passwordSettings(credential: NewPasswordSubmit): Submits['settings'] {
  return async (input, ctx) => {
    const read = credential(input, { schemaId: ctx.identity.schema_id, traits: ctx.identity.traits });
    if ('fields' in read) return { fields: read.fields };
    const violation = await read.accepted.check();
    if (violation) return { fields: [violation] };
    const hashed = await read.accepted.hash();
    const data: PasswordChanged.V1.Data = { identity_id: ctx.identity.id, flow_id: ctx.flow.id, session_id: ctx.sessionId, changed_at: ctx.now.toISOString() };
    return {
      change: {
        events: [{ type: PasswordChanged.V1.name, version: 1, data }],
        configs: { password: { ...(ctx.credentials.password?.config ?? {}), hashed_password: hashed } },
        notice: { notice: 'password_changed' },
      },
    };
  };
}
