import type { MessageWithDispatches } from './courier-messages';

/** Kratos's `message` (courier) as the admin API returns it. */
export interface MessageView {
  id: string;
  status: string;
  type: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  template_type: string;
  send_count: number;
  /** Gatehouse-specific (not in Kratos's message): true when an attempt died after handing the mail to SMTP
   * and a later one sent it again, so the recipient may have it twice (both with the same Message-ID). */
  possible_duplicate: boolean;
  dispatches: Array<{ id: string; message_id: string; status: string; error?: unknown; created_at: string; updated_at: string }>;
  created_at: string;
  updated_at: string;
}

export function toMessageView({ message: m, dispatches }: MessageWithDispatches): MessageView {
  return {
    id: m.id,
    status: m.status,
    type: m.type,
    channel: m.channel,
    recipient: m.recipient,
    subject: m.subject,
    body: m.body,
    template_type: m.template_type,
    send_count: m.send_count,
    possible_duplicate: m.possible_duplicate,
    dispatches: dispatches.map((d) => ({
      id: d.id,
      message_id: d.message_id,
      status: d.status,
      ...(d.error ? { error: d.error } : {}),
      created_at: d.created_at.toISOString(),
      updated_at: d.updated_at.toISOString(),
    })),
    created_at: m.created_at.toISOString(),
    updated_at: m.updated_at.toISOString(),
  };
}
