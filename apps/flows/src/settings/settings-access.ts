import { IdentityView } from '@gatehouse/contracts';
import { CredentialsRepository } from '../identity/credentials.repository';
import { Reply } from '../http/answer';
import { Client } from '../http/client';
import { IdentitySchemas } from '../schema/identity-schemas';
import { aal2LoginUrl, aal2Required, satisfiesAal } from '../session/aal';
import { sessionInactive } from '../session/session.controller';
import { ResolvedSession, SessionService } from '../session/session.service';
import { PlannedVerification } from './settings-verification';
import { SettingsSettings } from './settings.settings';
import { SettingsSubjectView } from './settings.view';

/** Who may use a settings flow and what it is drawn from: the session (at the required assurance level), the
 * identity's credentials and schema, where security notices go and the verification flows a change opened. */
export class SettingsAccess {
  constructor(
    private readonly sessions: SessionService,
    private readonly credentials: CredentialsRepository,
    private readonly schemas: IdentitySchemas,
    private readonly settings: SettingsSettings,
  ) {}

  inactive() {
    return sessionInactive();
  }

  async session(token: string | undefined): Promise<ResolvedSession> {
    const current = await this.sessions.resolve(token);
    if (!current) throw sessionInactive();
    return current;
  }

  /** selfservice.flows.settings.required_aal: a session below it goes to the aal2 login first (a browser by 303,
   * others get 403 session_aal2_required with redirect_browser_to). Undefined when it may go on. */
  stepUp(current: ResolvedSession, client: Client, returnTo: string): Reply | undefined {
    if (satisfiesAal(current.session, current.availableAal, this.settings.requiredAal)) return undefined;
    const to = aal2LoginUrl(this.settings.publicBaseUrl, returnTo);
    if (!client.json && !client.api) return { status: 303, location: to };
    throw aal2Required(to);
  }

  async subject(identity: IdentityView): Promise<SettingsSubjectView> {
    return { identity, credentials: await this.credentials.credentialMap(identity.id), schema: this.schemas.resolve(identity.schema_id) };
  }

  /** The identity's e-mail addresses, when security notices are on (selfservice.flows.settings.security_notice). */
  noticeTo(identity: IdentityView): Array<{ address: string; via: 'email' }> | undefined {
    if (!this.settings.securityNotice) return undefined;
    const addresses = [...identity.verifiable_addresses, ...identity.recovery_addresses].filter((a) => a.via === 'email').map((a) => a.value);
    return [...new Set(addresses)].map((address) => ({ address, via: 'email' as const }));
  }

  /** Kratos's continue_with for the verification flows a profile change opened. */
  continueWith(verifications: readonly PlannedVerification[]) {
    return verifications.map((v) => {
      const url = new URL(this.settings.verification.uiUrl);
      url.searchParams.set('flow', v.event.data.flow_id);
      return { action: 'show_verification_ui', flow: { id: v.event.data.flow_id, verifiable_address: v.event.data.address, url: url.toString() } };
    });
  }

  loginUrl(query: Record<string, string>): string {
    const url = new URL(`${this.settings.publicBaseUrl.replace(/\/+$/, '')}/self-service/login/browser`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }
}
