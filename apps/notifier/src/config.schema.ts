import { z } from 'zod';
import { configParts, duration } from '@gatehouse/config';
import { TOPICS } from '@gatehouse/contracts';
import { smtpUriProblem } from './channels/smtp-uri';
import { TEMPLATE_DIRS, TEMPLATE_STATUSES } from './templates/catalog';

/** courier.smtp.connection_uri as Kratos reads it (smtp:// with STARTTLS, smtps://, and its query flags). */
const smtpConnectionUri = () =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = smtpUriProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default('smtp://127.0.0.1:1025/?disable_starttls=true');

/** BullMQ keys are "<prefix>:<queue>:…", so a queue name must not contain a colon. */
const queueName = () => z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "." or "-"').default('courier');

/** One inline template part: base64://…, file://… or the Go template text itself. */
const templatePart = () => z.string().optional();

/** courier.templates.<dir>.<valid|invalid>.email.{subject, body.{html, plaintext}} (Kratos's keys; env e.g.
 * COURIER_TEMPLATES_VERIFICATION_CODE_VALID_EMAIL_BODY_PLAINTEXT), and courier.templates.security_notice.email.… */
const emailParts = () => z.object({ subject: templatePart(), body: z.object({ html: templatePart(), plaintext: templatePart() }).prefault({}) }).prefault({});
const emailOverride = () => z.object({ email: emailParts() }).prefault({});
const dirOverrides = () => z.object(Object.fromEntries(TEMPLATE_STATUSES.map((s) => [s, emailOverride()])) as Record<(typeof TEMPLATE_STATUSES)[number], ReturnType<typeof emailOverride>>).prefault({});
/** Gatehouse's security_notice: its overrides, and whether the notifier sends it at all (COURIER_TEMPLATES_SECURITY_NOTICE_ENABLED). */
const noticeTemplate = () => z.object({ enabled: z.boolean().default(true), email: emailParts() }).prefault({});
const templateOverrides = () =>
  z
    .object({
      ...(Object.fromEntries(TEMPLATE_DIRS.map((d) => [d, dirOverrides()])) as Record<(typeof TEMPLATE_DIRS)[number], ReturnType<typeof dirOverrides>>),
      security_notice: noticeTemplate(),
    })
    .prefault({});

export const notifierConfigSchema = z.object({
  /** Postgres holding the courier-messages projection (Kratos: dsn). */
  dsn: configParts.dsn(),
  database: z
    .object({
      schema: configParts.pgSchema('notifier'),
    })
    .prefault({}),
  kafka: configParts
    .kafkaConsumer('gatehouse-notifier')
    .unwrap()
    .extend({ topic: z.string().min(1).default(TOPICS.identityEvents) })
    .prefault({}),
  redis: configParts.redis(),
  courier: z
    .object({
      smtp: z
        .object({
          connection_uri: smtpConnectionUri(),
          from_address: z.email().default('no-reply@ory.kratos.sh'),
          from_name: z.string().min(1).optional(),
          local_name: z.string().min(1).default('localhost'),
        })
        .prefault({}),
      /** A message is sent at most message_retries + 1 times, then abandoned (Kratos: send_count > message_retries). */
      message_retries: z.number().int().min(0).max(50).default(5),
      /** The base of the exponential backoff between attempts: base, 2×base, 4×base, … */
      retry_backoff: duration('1s'),
      queue_name: queueName(),
      /** A folder laid out as Kratos's: <dir>/<valid|invalid>/email.{subject,body,body.plaintext}.gotmpl (and
       * security_notice/email.….gotmpl). */
      template_override_path: z.string().min(1).optional(),
      templates: templateOverrides(),
      worker: z
        .object({
          concurrency: z.number().int().min(1).max(500).default(5),
          /** How long a worker holds a job (BullMQ lock, renewed every half of it while the job runs) and its
           * courier message: a crashed worker's job can be taken up again after at most this long. */
          lock_duration: duration('5s'),
          /** How often each worker checks for jobs whose lock lapsed (a crashed worker's) and requeues them:
           * such a job is sent again within lock_duration + 2 × stalled_interval (9 s by default). Twice: BullMQ
           * guards the check with a key that lives exactly stalled_interval, and a worker's next check, due
           * about a millisecond after that key expires, often comes a hair early and finds it still there:
           * that check is skipped (the one after it never is). */
          stalled_interval: duration('2s'),
          /** How many times one job may be recovered from a crashed worker before BullMQ fails it. */
          max_stalled_count: z.number().int().min(1).max(100).default(3),
        })
        .prefault({}),
    })
    .prefault({}),
  // prefault({}) so that a missing secrets block is reported as secrets.cipher (env SECRETS_CIPHER).
  secrets: z.object({ cipher: configParts.cipherSecrets() }).prefault({} as { cipher: string[] }),
  serve: z
    .object({
      port: configParts.port(4502),
      /** Listen address; unset = the platform default (loopback). Set 0.0.0.0 in a pod. */
      host: z.string().min(1).optional(),
      public: z.object({ base_url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4433/') }).prefault({}),
    })
    .prefault({}),
});

export type NotifierConfig = z.output<typeof notifierConfigSchema>;
