import { SecurityNoticeRequested } from '@gatehouse/contracts';
import type { Decider } from '@gatehouse/eventsourcing';
import type { IdentityChange } from '../strategies/strategy';
import { SettingsEvent, SettingsState, evolve, initialState } from './settings.state';

/** A settings submit by a session: first authorized (no `change` yet: flow, owner, expiry, privilege), then with the
 * change its method's strategy made. */
export interface SubmitSettings {
  type: 'SubmitSettings';
  now: Date;
  flowId: string;
  session: { id: string; identityId: string; authenticatedAt: string };
  /** selfservice.flows.settings.privileged_session_max_age */
  privilegedMaxAgeMs: number;
  /** Whether the submit needs a privileged session (every method but profile; profile when the change is protected). */
  privileged: boolean;
  change?: IdentityChange;
  /** Where a security notice goes (the identity's e-mail addresses), when notices are on. */
  noticeTo?: Array<{ address: string; via: 'email' }>;
}

export type SettingsCommand = SubmitSettings;

export type SettingsRejection =
  | { reason: 'flow_not_found' }
  | { reason: 'flow_expired'; expiredAt: string }
  /** the flow belongs to another identity (403 security_identity_mismatch) */
  | { reason: 'identity_mismatch' }
  /** the session is not privileged any more (403 session_refresh_required) */
  | { reason: 'refresh_required' };

/** Pure. Order as Kratos: flow, owner, expiry, privilege. Without a change: [] (authorized). With one: its events,
 * then a SecurityNoticeRequested when the change asks for one and there is an address to send it to. */
export function decide(c: SettingsCommand, flow: SettingsState): SettingsEvent[] | SettingsRejection {
  if (!flow || flow.id !== c.flowId) return { reason: 'flow_not_found' };
  if (flow.identityId !== c.session.identityId) return { reason: 'identity_mismatch' };
  if (c.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
  if (c.privileged && c.now.getTime() - Date.parse(c.session.authenticatedAt) > c.privilegedMaxAgeMs) return { reason: 'refresh_required' };
  if (!c.change) return [];
  const events: SettingsEvent[] = [...c.change.events];
  const { notice } = c.change;
  if (notice && c.noticeTo && c.noticeTo.length > 0) {
    const data: SecurityNoticeRequested.V1.Data = {
      identity_id: flow.identityId,
      notice: notice.notice,
      ...(notice.factor ? { factor: notice.factor } : {}),
      to: c.noticeTo,
      requested_at: c.now.toISOString(),
    };
    events.push({ type: SecurityNoticeRequested.V1.name, version: 1, data });
  }
  return events;
}

export const settingsDecider: Decider<SettingsState, SettingsCommand, SettingsEvent, SettingsRejection> = { initialState, evolve, decide };
