import { z } from 'zod';
import { factorTypeSchema } from '../factors';

/** SecurityNoticeRequested v1: a change its owner must hear about (their password changed, a factor was added or
 * removed) happened; the notifier mails each address in `to` (courier template `security_notice`). */
export const name = 'SecurityNoticeRequested';
export const version = 1;
export const ceType = 'sh.gatehouse.security_notice.requested.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    notice: z.enum(['password_changed', 'factor_added', 'factor_removed']),
    /** factor_added / factor_removed: which */
    factor: factorTypeSchema.optional(),
    to: z.array(z.object({ address: z.string().min(1), via: z.enum(['email']) }).strict()).min(1),
    requested_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;
