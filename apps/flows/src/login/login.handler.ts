import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages, UiText } from '@gatehouse/contracts';
import { flowExpired, sessionAlreadyAvailable } from '../http/flow-expired';
import { FlowRepository, isUuid } from '../persistence/flow.repository';
import { IdentitySchemas } from '../schema/identity-schemas';
import { FieldError } from '../schema/traits-validator';
import { ResolvedSession, SessionService } from '../session/session.service';
import { PasswordAuthenticator } from './login.authenticator';
import { decide } from './login.decide';
import { LOGIN_FLOWS, LOGIN_SETTINGS, LoginSettings } from './login.settings';
import { LoginFlow } from './login.state';
import { loginFlowView } from './login.view';
import { LoginFlowCompletedError, LoginWriter } from './login.writer';

export interface Reply {
  status: number;
  body: unknown;
}

const INVALID_CREDENTIALS: UiText = {
  id: 4000006,
  text: 'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
  type: 'error' as const,
};

/** The native (API) login flow with the password method. */
@Injectable()
export class LoginHandler {
  constructor(
    @Inject(LOGIN_FLOWS) private readonly flows: FlowRepository<LoginFlow>,
    private readonly schemas: IdentitySchemas,
    private readonly authenticator: PasswordAuthenticator,
    private readonly writer: LoginWriter,
    private readonly sessions: SessionService,
    @Inject(LOGIN_SETTINGS) private readonly settings: LoginSettings,
  ) {}

  async createApiFlow(requestUrl: string, query: Record<string, string | undefined>, sessionToken?: string): Promise<Reply> {
    const refresh = query.refresh === 'true';
    if (!refresh && (await this.sessions.resolve(sessionToken))) throw sessionAlreadyAvailable();
    const flow = await this.newFlow(requestUrl, refresh, query.return_to);
    return { status: 200, body: this.view(flow) };
  }

  async getFlow(id: unknown): Promise<Reply> {
    const flow = await this.load(id);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return flowExpired(flow.expiresAt, now, (await this.newFlow(flow.requestUrl, flow.refresh, flow.returnTo)).id);
    return { status: 200, body: this.view(flow) };
  }

  async submit(id: unknown, body: unknown, sessionToken?: string): Promise<Reply> {
    const flow = await this.load(id);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return flowExpired(flow.expiresAt, now, (await this.newFlow(flow.requestUrl, flow.refresh, flow.returnTo)).id);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw KratosError.badRequest('The request body must be a JSON object or a form.');
    const input = body as Record<string, unknown>;
    const identifier = typeof input.identifier === 'string' ? input.identifier : typeof input.password_identifier === 'string' ? input.password_identifier : undefined;
    if (input.method !== 'password') {
      return { status: 400, body: this.view(flow, identifier, { form: [{ id: 4010002, text: 'Could not find a strategy to log you in with. Did you fill out the form correctly?', type: 'error' }] }) };
    }
    const fields: FieldError[] = [];
    if (!identifier) fields.push({ node: 'identifier', message: Messages.required('identifier') });
    if (typeof input.password !== 'string' || input.password === '') fields.push({ node: 'password', message: Messages.required('password') });
    if (fields.length > 0) return { status: 400, body: this.view(flow, identifier, { fields }) };

    const current = await this.sessions.resolve(sessionToken);
    if (current && !flow.refresh) throw sessionAlreadyAvailable();
    const auth = await this.authenticator.authenticate(identifier as string, input.password as string);
    const sessionId = randomUUID();
    const decision = decide(
      { type: 'SubmitPasswordLogin', now, flowId: flow.id, identity: auth.identity, passwordMatches: auth.passwordMatches, sessionId, refreshingIdentityId: refreshing(flow, current) },
      flow,
    );
    if (!Array.isArray(decision)) {
      if (decision.reason === 'flow_expired') return flowExpired(flow.expiresAt, now, (await this.newFlow(flow.requestUrl, flow.refresh, flow.returnTo)).id);
      throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
    }
    const [event] = decision;
    if (event.type === 'LoginFailed') {
      await this.writer.failed(flow, decision, event.data.identity_id ?? flow.id);
      const message = event.data.reason === 'identity_inactive' ? { id: 4010011, text: 'This account has been disabled. Please contact support for assistance.', type: 'error' as const } : INVALID_CREDENTIALS;
      return { status: 400, body: this.view(flow, identifier, { form: [message] }) };
    }
    try {
      const { issued } = await this.writer.succeeded(flow, decision, {
        sessionId,
        identityId: event.data.identity_id,
        now,
        refresh: flow.refresh ? current?.session : undefined,
        rehashed: auth.rehashed,
      });
      const identity = await this.sessions.identity(event.data.identity_id);
      return { status: 200, body: { session_token: issued.token, session: this.sessions.view(issued.session, identity ?? undefined) } };
    } catch (e) {
      if (e instanceof LoginFlowCompletedError) throw KratosError.badRequest('The login flow was completed already and can not be submitted again.');
      throw e;
    }
  }

  private async load(id: unknown): Promise<LoginFlow> {
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The flow query parameter is missing or malformed.');
    const flow = isUuid(id) ? await this.flows.find(id) : null;
    if (!flow) throw new KratosError(404, { reason: 'The login flow could not be found. It may have been deleted or never existed.' });
    return flow;
  }

  private async newFlow(requestUrl: string, refresh: boolean, returnTo?: string): Promise<LoginFlow> {
    const now = this.settings.clock();
    const flow: LoginFlow = {
      id: randomUUID(),
      type: 'api',
      schemaId: this.schemas.defaultId,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.lifespanMs).toISOString(),
      requestUrl,
      ...(returnTo ? { returnTo } : {}),
      state: 'choose_method',
      refresh,
      requestedAal: 'aal1',
    };
    await this.flows.create(flow);
    return flow;
  }

  private view(flow: LoginFlow, identifier?: string, errors?: { fields?: FieldError[]; form?: UiText[] }) {
    return loginFlowView(flow, this.schemas.resolve(flow.schemaId), this.settings.publicBaseUrl, identifier, errors);
  }
}

function refreshing(flow: LoginFlow, current: ResolvedSession | null): string | undefined {
  return flow.refresh && current ? current.session.identityId : undefined;
}
