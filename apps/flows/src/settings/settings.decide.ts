import { UiText } from '@gatehouse/contracts';
import type { Decider } from '@gatehouse/eventsourcing';
import { SettingsEvent, SettingsState, evolve, initialState } from './settings.state';

/** Set a new password with a session. The policy verdict (async: breach lookup) is passed in. */
export interface ChangePassword {
  type: 'ChangePassword';
  now: Date;
  flowId: string;
  session: { id: string; identityId: string; authenticatedAt: string };
  /** selfservice.flows.settings.privileged_session_max_age */
  privilegedMaxAgeMs: number;
  violation?: UiText;
}

export type SettingsCommand = ChangePassword;

export type SettingsRejection =
  | { reason: 'flow_not_found' }
  | { reason: 'flow_expired'; expiredAt: string }
  /** the flow belongs to another identity (403 security_identity_mismatch) */
  | { reason: 'identity_mismatch' }
  /** the session is not privileged any more (403 session_refresh_required) */
  | { reason: 'refresh_required' }
  | { reason: 'password_rejected'; message: UiText };

/** Pure: decides whether a password change is recorded. Order as Kratos: flow, owner, expiry, privilege, policy. */
export function decide(c: SettingsCommand, flow: SettingsState): SettingsEvent[] | SettingsRejection {
  if (!flow || flow.id !== c.flowId) return { reason: 'flow_not_found' };
  if (flow.identityId !== c.session.identityId) return { reason: 'identity_mismatch' };
  if (c.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
  if (c.now.getTime() - Date.parse(c.session.authenticatedAt) > c.privilegedMaxAgeMs) return { reason: 'refresh_required' };
  if (c.violation) return { reason: 'password_rejected', message: c.violation };
  return [{ type: 'PasswordChanged', version: 1, data: { identity_id: flow.identityId, flow_id: flow.id, session_id: c.session.id, changed_at: c.now.toISOString() } }];
}

export const settingsDecider: Decider<SettingsState, SettingsCommand, SettingsEvent, SettingsRejection> = { initialState, evolve, decide };
