import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Messages } from '@gatehouse/contracts';
import { Reply, withQuery } from '../http/answer';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { moveBrowser } from '../http/location-change';
import { awaiting } from '../http/read-your-writes';
import { newSettingsFlow } from '../settings/settings.state';
import { codeMatches } from '../verification/verification-code';
import { VerificationSecretsRepository } from '../verification/verification-secrets.repository';
import { RecoveryAfter } from '../hooks/hook';
import { HookRegistry } from '../hooks/hook.registry';
import { RecoveryFlows } from './recovery-flows';
import { decide } from './recovery.decide';
import { RecoveryFlow, RecoveryMethod, evolve } from './recovery.state';
import { RecoverySecretUsedError, RecoveryWriter } from './recovery.writer';

/** A submitted code or an opened link: checks it against the flow's unused secrets and, on a match, records the
 * recovery, issues the privileged session and continues with the settings flow as Kratos does. The after hooks
 * (selfservice.flows.recovery.after.hooks) run around the write: revoke_active_sessions ends the other sessions in it. */
@Injectable()
export class RecoveryCompletion {
  constructor(
    private readonly flows: RecoveryFlows,
    private readonly secrets: VerificationSecretsRepository,
    private readonly writer: RecoveryWriter,
    private readonly browser: BrowserFlows,
    private readonly hooks: HookRegistry,
  ) {}

  async complete(flow: RecoveryFlow, client: Client, method: RecoveryMethod, secret: string, now: Date): Promise<Reply> {
    const s = this.flows.settings;
    const candidates = flow.state === 'passed_challenge' ? [] : await this.secrets.unused(flow.id, method);
    const found = candidates.find((c) => codeMatches(secret, flow.id, c.digest, s.secrets.default[0]));
    const match = found && { identityId: found.identityId, address: found.address || undefined, expiresAt: found.expiresAt };
    const ids = { sessionId: randomUUID(), settingsFlowId: randomUUID() };
    const decision = decide({ type: 'SubmitRecoverySecret', now, flowId: flow.id, method, maxSubmissions: s.code.maxSubmissions, match, ...ids }, flow);
    if (!Array.isArray(decision)) return this.flows.rejected(decision, flow, client, method, now);
    const next = decision.reduce<RecoveryFlow>((f, e) => evolve(f, e) ?? f, flow);
    // a browser continues in settings with a CSRF token of its own (the one it has, or a new cookie)
    const csrf = flow.type === 'browser' ? this.browser.csrf.ensure(client) : undefined;
    const settingsFlow = newSettingsFlow({
      id: ids.settingsFlowId,
      type: flow.type,
      identityId: next.identityId!,
      schemaId: flow.schemaId,
      now,
      lifespanMs: s.settings.lifespanMs,
      requestUrl: flow.requestUrl,
      returnTo: flow.returnTo,
      csrfDigest: csrf?.digest,
      form: [Messages.InfoSelfServiceRecoverySuccessful(s.settings.privilegedMaxAgeMs / 60_000)],
    });
    const hooks = this.hooks.after('recovery', method);
    const after: RecoveryAfter = { flow: next, revokeSessions: false };
    const refusal = await hooks.prePersist(after);
    if (refusal) return this.flows.refuse(flow, client, refusal);
    let issued, appended;
    try {
      const { revokeSessions } = after;
      ({ issued, events: appended } = await this.writer.recovered({ next, events: decision, secretId: found!.id, maxFailed: s.code.maxSubmissions, settingsFlow, revokeSessions, now }));
    } catch (e) {
      if (e instanceof RecoverySecretUsedError) return this.flows.rejected({ reason: 'secret_invalid' }, (await this.flows.repository.find(flow.id)) ?? flow, client, method, now);
      throw e;
    }
    await hooks.postPersist(after);
    const settingsUrl = withQuery(s.settings.uiUrl, 'flow', settingsFlow.id);
    if (flow.type === 'api') {
      const continueWith = [
        { action: 'set_ory_session_token', ory_session_token: issued.token },
        { action: 'show_settings_ui', flow: { id: settingsFlow.id, url: settingsUrl } },
      ];
      return awaiting({ status: 200, body: { ...this.flows.view(next, client), continue_with: continueWith } }, appended);
    }
    // browser flows never see the token: the session travels in the cookie; SPAs get Kratos's 422
    const cookies = [this.browser.sessionCookie.set(issued.token, issued.session.expiresAt, now), ...(csrf?.setCookie ? [csrf.setCookie] : [])];
    return awaiting(moveBrowser(client, settingsUrl, cookies), appended);
  }
}
