import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KratosError, Messages, RegistrationFlowView, UiText } from '@gatehouse/contracts';
import { ClaimTakenError } from '@gatehouse/eventsourcing';
import { flowExpired } from '../http/flow-expired';
import { FlowRepository, isUuid } from '../persistence/flow.repository';
import { IdentitySchema } from '../schema/identity-schema';
import { IdentitySchemas } from '../schema/identity-schemas';
import { deriveCredentials } from '../schema/traits';
import { FieldError } from '../schema/traits-validator';
import { SessionService } from '../session/session.service';
import { PasswordStrategy } from '../strategies/password/password.strategy';
import { issueCode } from '../verification/verification-code';
import { SubmitPasswordRegistration } from './registration.commands';
import { decide } from './registration.decide';
import { RegistrationRejection } from './registration.errors';
import { REGISTRATION_FLOWS, REGISTRATION_SETTINGS, RegistrationSettings } from './registration.settings';
import { RegistrationFlow } from './registration.state';
import { registeredIdentityView, registrationFlowView } from './registration.view';
import { FlowAlreadyCompletedError, RegistrationWriter } from './registration.writer';

export interface Reply {
  status: number;
  body: unknown;
}

/** The native (API) registration flow: create, fetch, submit with the password method. */
@Injectable()
export class RegistrationHandler {
  constructor(
    @Inject(REGISTRATION_FLOWS) private readonly flows: FlowRepository<RegistrationFlow>,
    private readonly schemas: IdentitySchemas,
    private readonly writer: RegistrationWriter,
    private readonly password: PasswordStrategy,
    private readonly sessions: SessionService,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {}

  async createApiFlow(requestUrl: string, query: { identity_schema?: string; return_to?: string }): Promise<RegistrationFlowView> {
    const schema = this.schemas.resolve(query.identity_schema);
    const flow = await this.newFlow(schema, requestUrl, query.return_to);
    return this.view(flow, schema);
  }

  async getFlow(id: unknown): Promise<Reply> {
    const flow = await this.load(id);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return this.expired(flow, now);
    return { status: 200, body: this.view(flow, this.schemas.resolve(flow.schemaId)) };
  }

  async submit(id: unknown, body: unknown): Promise<Reply> {
    const flow = await this.load(id);
    const schema = this.schemas.resolve(flow.schemaId);
    const now = this.settings.clock();
    if (now.getTime() >= Date.parse(flow.expiresAt)) return this.expired(flow, now);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw KratosError.badRequest('The request body must be a JSON object or a form.');
    const input = body as Record<string, unknown>;
    const traits = isObject(input.traits) ? input.traits : {};
    if (input.method !== 'password') return this.invalid(flow, schema, traits, { form: [Messages.noRegistrationStrategy()] });

    const fields: FieldError[] = this.schemas.validate(schema, traits);
    const password = input.password;
    if (typeof password !== 'string' || password === '') fields.push({ node: 'password', message: Messages.required('password') });
    else if (fields.length === 0) {
      const violation = await this.password.check(password, deriveCredentials(schema, traits).passwordIdentifiers);
      if (violation) fields.push({ node: 'password', message: violation });
    }
    if (fields.length > 0) return this.invalid(flow, schema, traits, { fields });

    const command = this.command(flow, schema, traits, now);
    const decision = decide(command.submit, flow);
    if (!Array.isArray(decision)) return this.rejected(decision, flow, schema, traits, now);

    const hashedPassword = await this.password.hash(password as string);
    try {
      const identity = registeredIdentityView(decision[0].data, now.toISOString(), this.settings.publicBaseUrl);
      const sessionId = this.settings.sessionHook ? randomUUID() : undefined;
      const { session } = await this.writer.write({ flow, events: decision, hashedPassword, now, codeDigest: command.codeDigest, identity, sessionId });
      if (!session) return { status: 200, body: { identity } };
      return {
        status: 200,
        body: {
          session_token: session.token,
          session: this.sessions.view(session.session, identity),
          identity,
          continue_with: [{ action: 'set_ory_session_token', ory_session_token: session.token }],
        },
      };
    } catch (e) {
      if (e instanceof ClaimTakenError) return this.invalid(flow, schema, traits, { form: [Messages.duplicateIdentifier()] });
      if (e instanceof FlowAlreadyCompletedError) return this.rejected({ reason: 'flow_completed' }, flow, schema, traits, now);
      throw e;
    }
  }

  private command(flow: RegistrationFlow, schema: IdentitySchema, traits: Record<string, unknown>, now: Date) {
    const derived = deriveCredentials(schema, traits);
    const verifiableAddresses = derived.verifiableAddresses.map((a) => ({ id: randomUUID(), ...a }));
    const wantsCode = this.settings.verification.enabled && verifiableAddresses.length > 0;
    const verificationFlowId = randomUUID();
    const code = wantsCode ? issueCode(verificationFlowId, this.settings.secrets) : undefined;
    const expiresAt = new Date(now.getTime() + this.settings.verification.lifespanMs);
    const submit: SubmitPasswordRegistration = {
      type: 'SubmitPasswordRegistration',
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
    return { submit, codeDigest: code?.digest };
  }

  private async load(id: unknown): Promise<RegistrationFlow> {
    if (typeof id !== 'string' || id === '') throw KratosError.badRequest('The flow query parameter is missing or malformed.');
    const flow = isUuid(id) ? await this.flows.find(id) : null;
    if (!flow) throw new KratosError(404, { reason: 'The registration flow could not be found. It may have been deleted or never existed.' });
    return flow;
  }

  private async newFlow(schema: IdentitySchema, requestUrl: string, returnTo?: string): Promise<RegistrationFlow> {
    const now = this.settings.clock();
    const flow: RegistrationFlow = {
      id: randomUUID(),
      type: 'api',
      schemaId: schema.id,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.lifespanMs).toISOString(),
      requestUrl,
      ...(returnTo ? { returnTo } : {}),
      state: 'choose_method',
    };
    await this.flows.create(flow);
    return flow;
  }

  private view(flow: RegistrationFlow, schema: IdentitySchema, traits?: Record<string, unknown>, errors?: { fields?: FieldError[]; form?: UiText[] }) {
    return registrationFlowView(flow, schema, this.settings.publicBaseUrl, { traits }, errors);
  }

  private invalid(flow: RegistrationFlow, schema: IdentitySchema, traits: Record<string, unknown>, errors: { fields?: FieldError[]; form?: UiText[] }): Reply {
    return { status: 400, body: this.view(flow, schema, traits, errors) };
  }

  private rejected(r: RegistrationRejection, flow: RegistrationFlow, schema: IdentitySchema, traits: Record<string, unknown>, now: Date): Promise<Reply> | Reply {
    switch (r.reason) {
      case 'flow_expired':
        return this.expired(flow, now);
      case 'flow_completed':
        throw KratosError.badRequest('The registration flow was completed already and can not be submitted again.');
      case 'flow_not_found':
        throw KratosError.notFound();
      case 'flow_schema_mismatch':
        throw KratosError.badRequest('The identity schema of the flow changed.');
      case 'no_identifier':
        return this.invalid(flow, schema, traits, { form: [Messages.noIdentifiers()] });
    }
  }

  /** 410 with a fresh flow to continue with, as Kratos answers API clients. */
  private async expired(flow: RegistrationFlow, now: Date): Promise<Reply> {
    const schema = this.schemas.resolve(flow.schemaId);
    const fresh = await this.newFlow(schema, flow.requestUrl, flow.returnTo);
    return flowExpired(flow.expiresAt, now, fresh.id);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
