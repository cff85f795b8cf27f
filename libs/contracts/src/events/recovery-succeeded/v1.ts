import { z } from 'zod';

/** RecoverySucceeded v1 (Kratos's analytics/webhook event of the same name): a recovery code or link was
 * accepted. The identity got a privileged session (`session_id`, SessionIssued with reason `recovery`) and a
 * settings flow to set a new password. Carries no secret. */
export const name = 'RecoverySucceeded';
export const version = 1;
export const ceType = 'sh.gatehouse.recovery.succeeded.v1';

export const schema = z
  .object({
    flow_id: z.uuid(),
    identity_id: z.uuid(),
    method: z.enum(['code', 'link']),
    /** The recovery address the secret was sent to; absent for a code or link an administrator created. */
    address: z.string().min(1).optional(),
    session_id: z.uuid(),
    settings_flow_id: z.uuid(),
    recovered_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;
