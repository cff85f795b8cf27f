import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages } from '@gatehouse/contracts';
import { ClaimTakenError } from '@gatehouse/eventsourcing';
import { Reply, answer } from '../http/answer';
import { awaiting } from '../http/read-your-writes';
import { BrowserFlows } from '../http/browser-flows';
import { Client } from '../http/client';
import { FlowLifecycle } from '../http/flow-lifecycle';
import { sessionAlreadyAvailable } from '../http/flow-expired';
import { FlowUi, StoredFlow } from '../flow/flow.types';
import { FlowRepository } from '../persistence/flow.repository';
import { IdentitySchema } from '../schema/identity-schema';
import { IdentitySchemas } from '../schema/identity-schemas';
import { deriveCredentials } from '../schema/traits';
import { HookRegistry } from '../hooks/hook.registry';
import { RegistrationAfter, ShowVerificationUi } from '../hooks/hook';
import { SessionService } from '../session/session.service';
import type { NewCredentialConfig } from '../strategies/strategy';
import { StrategyRegistry } from '../strategies/strategy.registry';
import { issueCode } from '../verification/verification-code';
import { RegistrationCommand } from './registration.commands';
import { decide } from './registration.decide';
import { RegistrationRejection } from './registration.errors';
import { REGISTRATION_FLOWS, REGISTRATION_SETTINGS, RegistrationSettings } from './registration.settings';
import { RegistrationFlow } from './registration.state';
import { registeredIdentityView, registrationFlowView } from './registration.view';
import { FlowAlreadyCompletedError, RegistrationWriter } from './registration.writer';

export type { Reply } from '../http/answer';

/** The registration flow: native (API), browser and SPA (browser flow, JSON answers). The submitted method's strategy
 * reads the credential; the after hooks of that method decide on the session and where a browser goes next. */
@Injectable()
export class RegistrationHandler {
  private readonly lifecycle: FlowLifecycle<RegistrationFlow>;

  constructor(
    @Inject(REGISTRATION_FLOWS) private readonly flows: FlowRepository<RegistrationFlow>,
    private readonly schemas: IdentitySchemas,
    private readonly writer: RegistrationWriter,
    private readonly strategies: StrategyRegistry,
    private readonly hooks: HookRegistry,
    private readonly sessions: SessionService,
    private readonly browser: BrowserFlows,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {
    this.lifecycle = new FlowLifecycle(browser, { kind: 'registration', find: (id) => this.flows.find(id), renew: (f, now) => this.renew(f, now), settings });
  }

  async createFlow(type: StoredFlow['type'], client: Client, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    const schema = this.schemas.resolve(query.identity_schema);
    return this.browser.start(type, client, query.return_to, this.settings.uiUrl, {
      signedIn: async () => (await this.sessions.resolve(sessionToken)) !== null,
      make: async (init) => {
        const flow = await this.newFlow(type, schema, client.requestUrl, { returnTo: init.returnTo, csrfDigest: init.csrf?.digest });
        return registrationFlowView(flow, schema, this.strategies, this.settings.publicBaseUrl, init.csrf?.masked, this.settings.style);
      },
    });
  }

  async getFlow(id: unknown, client: Client): Promise<Reply> {
    return this.lifecycle.get(id, client, (f) => this.view(f, client));
  }

  async submit(id: unknown, body: unknown, original: Client, sessionToken?: string): Promise<Reply> {
    const { flow, client } = await this.lifecycle.open(id, original);
    const schema = this.schemas.resolve(flow.schemaId);
    const accepted = await this.lifecycle.accept(flow, client, body);
    if ('reply' in accepted) return accepted.reply;
    const { now, input } = accepted;
    if (flow.type === 'browser' && (await this.sessions.resolve(sessionToken))) {
      return answer.redirectOrFail(client, this.browser.returnUrl(flow, this.settings.afterReturnUrl), sessionAlreadyAvailable());
    }
    const traits = isObject(input.traits) ? input.traits : {};
    if (input.method === 'profile' && this.settings.style === 'profile_first') return this.profile(flow, client, schema, traits, input.screen);
    const strategy = this.strategies.method('registration', this.strategies.submittedMethod('registration', input));
    if (!strategy) return this.invalid(flow, client, traits, { form: [Messages.ErrorValidationRegistrationNoStrategyFound()] });

    // the policy judges a credential only once the traits it is compared with are valid
    const fields = this.schemas.validate(schema, traits);
    const read = strategy.submit.registration(input, { schemaId: schema.id, traits, registration: { flow, schema, now } });
    if ('fields' in read) fields.push(...read.fields);
    else if (fields.length === 0) {
      const violation = await read.accepted.check();
      if (violation) fields.push(violation);
    }
    if (fields.length > 0 || !('accepted' in read)) return this.invalid(flow, client, traits, { fields });

    // what the credential stores (the hash, the verified key) and its identifiers, which the decision records
    const credential = await read.accepted.configs();
    const command = this.command(flow, schema, traits, now, credential);
    const decision = decide(command.submit, flow);
    if (!Array.isArray(decision)) return this.rejected(decision, flow, client, traits, now);

    const hooks = this.hooks.after('registration', strategy.id);
    try {
      const identity = registeredIdentityView(decision[0].data, now.toISOString(), this.settings.publicBaseUrl);
      const after: RegistrationAfter = { flow, identity, verification: this.showVerification(decision[0].data.verification), issueSession: false };
      const refusal = await hooks.prePersist(after);
      if (refusal) return this.invalid(flow, client, traits, refusal);
      const sessionId = after.issueSession ? randomUUID() : undefined;
      const configs = { [credential.type]: credential.config };
      const { events, session } = await this.writer.write({ flow, events: decision, configs, method: strategy.id, now, codeDigest: command.codeDigest, sessionId });
      after.session = session;
      await hooks.postPersist(after);
      return awaiting(this.registered(after, client, now), events);
    } catch (e) {
      if (e instanceof ClaimTakenError) return this.invalid(flow, client, traits, { form: [Messages.ErrorValidationDuplicateCredentials()] });
      if (e instanceof FlowAlreadyCompletedError) return this.rejected({ reason: 'flow_completed' }, flow, client, traits, now);
      throw e;
    }
  }

  /** The answer to a recorded registration as its hooks left it: the session (a token for native apps, the cookie
   * for browsers), the verification flow in continue_with, and where a browser goes next. */
  private registered({ flow, identity, session, verification, browserNext }: RegistrationAfter, client: Client, now: Date): Reply {
    const withSession = session ? { session: this.sessions.view(session.session, identity) } : {};
    if (flow.type === 'browser') {
      // browser flows never see the token: it travels in the session cookie only
      const cookies = session ? [this.browser.sessionCookie.set(session.token, session.session.expiresAt, now)] : [];
      const body = { identity, ...withSession, ...(verification ? { continue_with: [verification] } : {}) };
      return answer.success(client, body, browserNext ?? this.browser.returnUrl(flow, this.settings.afterReturnUrl), cookies);
    }
    const continueWith = [...(session ? [{ action: 'set_ory_session_token', ory_session_token: session.token }] : []), ...(verification ? [verification] : [])];
    return { status: 200, body: { ...(session ? { session_token: session.token } : {}), ...withSession, identity, ...(continueWith.length ? { continue_with: continueWith } : {}) } };
  }

  /** Kratos's `show_verification_ui` continue_with entry for the verification flow registration opened. */
  private showVerification(v: { flow_id: string; address: string } | undefined): ShowVerificationUi | undefined {
    if (!v) return undefined;
    const url = new URL(this.settings.verification.uiUrl);
    url.searchParams.set('flow', v.flow_id);
    return { action: 'show_verification_ui', flow: { id: v.flow_id, verifiable_address: v.address, url: url.toString() } };
  }

  /** profile_first: step 1 checks the traits and moves on to choosing a credential; "Back" returns to step 1. */
  private async profile(flow: RegistrationFlow, client: Client, schema: IdentitySchema, traits: Record<string, unknown>, screen: unknown): Promise<Reply> {
    if (screen === 'previous') return this.show({ ...flow, step: 'profile', ui: { values: { traits } } }, client);
    const fields = this.schemas.validate(schema, traits);
    if (fields.length > 0) return this.show({ ...flow, step: 'profile', ui: { values: { traits }, fields } }, client);
    return this.show({ ...flow, step: 'credentials', ui: { values: { traits }, form: [Messages.InfoSelfServiceRegistrationChooseCredentials()] } }, client);
  }

  /** Saves the flow as it now is and shows it (400 with the flow to JSON clients, 303 back to the UI for browsers). */
  private async show(flow: RegistrationFlow, client: Client): Promise<Reply> {
    await this.flows.update(flow);
    return answer.flow(client, 400, this.view(flow, client), this.settings.uiUrl);
  }

  private command(flow: RegistrationFlow, schema: IdentitySchema, traits: Record<string, unknown>, now: Date, credential: NewCredentialConfig) {
    const derived = deriveCredentials(schema, traits);
    const verifiableAddresses = derived.verifiableAddresses.map((a) => ({ id: randomUUID(), ...a }));
    const wantsCode = this.settings.verification.enabled && verifiableAddresses.length > 0;
    const verificationFlowId = randomUUID();
    const code = wantsCode ? issueCode(verificationFlowId, this.settings.secrets) : undefined;
    const expiresAt = new Date(now.getTime() + this.settings.verification.lifespanMs);
    const common = {
      now,
      flowId: flow.id,
      identityId: randomUUID(),
      schemaId: schema.id,
      traits,
      passwordIdentifiers: derived.passwordIdentifiers,
      verifiableAddresses,
      recoveryAddresses: derived.recoveryAddresses.map((a) => ({ id: randomUUID(), ...a })),
      ...(code ? { verification: { flowId: verificationFlowId, sealedCode: code.sealed, expiresAt } } : {}),
    };
    const submit: RegistrationCommand =
      credential.type === 'passkey' || credential.type === 'webauthn'
        ? { type: 'SubmitKeyRegistration', ...common, key: { type: credential.type, identifiers: credential.identifiers ?? [] } }
        : { type: 'SubmitPasswordRegistration', ...common };
    return { submit, codeDigest: code?.digest };
  }

  private async newFlow(type: StoredFlow['type'], schema: IdentitySchema, requestUrl: string, extra: { returnTo?: string; csrfDigest?: string; ui?: FlowUi }): Promise<RegistrationFlow> {
    const now = this.settings.clock();
    const created: RegistrationFlow = {
      id: randomUUID(),
      type,
      schemaId: schema.id,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.lifespanMs).toISOString(),
      requestUrl,
      ...(extra.returnTo ? { returnTo: extra.returnTo } : {}),
      ...(extra.csrfDigest ? { csrfDigest: extra.csrfDigest } : {}),
      ...(extra.ui ? { ui: extra.ui } : {}),
      state: 'choose_method',
    };
    // what the strategies keep in it (a passkey's registration challenge)
    const internal = await this.strategies.prepare({ kind: 'registration', flow: created, schema }, now);
    const flow = internal ? { ...created, internal } : created;
    await this.flows.create(flow);
    return flow;
  }

  private view(flow: RegistrationFlow, client: Client) {
    return registrationFlowView(flow, this.schemas.resolve(flow.schemaId), this.strategies, this.settings.publicBaseUrl, this.browser.maskedToken(client, flow), this.settings.style);
  }

  /** A failed submit: the flow keeps the traits and messages (a browser fetches them after the redirect). */
  private async invalid(flow: RegistrationFlow, client: Client, traits: Record<string, unknown>, errors: Omit<FlowUi, 'values'>): Promise<Reply> {
    return this.show({ ...flow, ui: { values: { traits }, ...errors } }, client);
  }

  private rejected(r: RegistrationRejection, flow: RegistrationFlow, client: Client, traits: Record<string, unknown>, now: Date): Promise<Reply> {
    switch (r.reason) {
      case 'flow_expired':
        return this.lifecycle.expired(flow, now, client);
      case 'flow_completed':
        throw KratosError.badRequest('The registration flow was completed already and can not be submitted again.');
      case 'flow_not_found':
        throw KratosError.notFound();
      case 'flow_schema_mismatch':
        throw KratosError.badRequest('The identity schema of the flow changed.');
      case 'no_identifier':
        return this.invalid(flow, client, traits, { form: [Messages.ErrorValidationIdentifierMissing()] });
    }
  }

  /** A fresh flow replacing an expired one (same type, return_to and browser), carrying Kratos's 4040001. */
  private renew(flow: RegistrationFlow, now: Date): Promise<RegistrationFlow> {
    const extra = { returnTo: flow.returnTo, csrfDigest: flow.csrfDigest, ui: { form: [Messages.ErrorValidationRegistrationFlowExpired(flow.expiresAt, now)] } };
    return this.newFlow(flow.type, this.schemas.resolve(flow.schemaId), flow.requestUrl, extra);
  }

}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
