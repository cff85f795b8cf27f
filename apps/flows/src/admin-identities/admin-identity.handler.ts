import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, EventEnvelope, IdentityView, KratosError } from '@gatehouse/contracts';
import { ClaimTakenError } from '@gatehouse/eventsourcing';
import { IdentitySchemas } from '../schema/identity-schemas';
import { PasswordHasher } from '../strategies/password/password.hasher';
import { AdminIdentityCommand } from './admin-identity.commands';
import { CREDENTIAL_TYPES, decide } from './admin-identity.decide';
import { conflict, notFound, rejectionError } from './admin-identity.errors';
import { AdminIdentityRepository } from './admin-identity.repository';
import { ADMIN_IDENTITY_SETTINGS, AdminIdentitySettings } from './admin-identity.settings';
import { adminIdentityView, patchDocument } from './admin-identity.view';
import { AdminIdentityWriter, PlannedChange } from './admin-identity.writer';
import { keyFactsOf } from './factor-credentials';
import { IfMatch } from './if-match';
import { IdentityInput, parseCreateBody, parsePatchedDocument, parseUpdateBody } from './identity-input';
import { applyIdentityPatch } from './identity-patch';
import { AdminIdentity, buildIdentity, factsOf, secretsChanged, withoutCredential } from './identity-record';
import { newLookupSalt, passwordHash, validateTraits } from './identity-validation';

/** What an admin write answers: the identity as it now is (none after a delete), the events it appended and the
 * identity's stream version after it (its ETag). */
export interface AdminWrite {
  identity?: IdentityView;
  events: EventEnvelope[];
  version: number;
}

/** One identity as the admin GET answers it, with its stream version (its ETag). */
export interface VersionedIdentity {
  identity: IdentityView;
  version: number;
}

/** Kratos's admin identity API for one identity: get (with credential configs), create, update (PUT and JSON
 * Patch share one path), delete and credential removal. Decisions are the pure decider's; the writer records them.
 * Update and delete take an If-Match condition, which the writer checks inside its transaction. */
@Injectable()
export class AdminIdentityHandler {
  constructor(
    private readonly schemas: IdentitySchemas,
    private readonly hasher: PasswordHasher,
    private readonly identities: AdminIdentityRepository,
    private readonly writer: AdminIdentityWriter,
    @Inject(ADMIN_IDENTITY_SETTINGS) private readonly settings: AdminIdentitySettings,
  ) {}

  async get(id: string, includeCredential: readonly string[]): Promise<VersionedIdentity> {
    for (const type of includeCredential) {
      if (!(CREDENTIAL_TYPES as readonly string[]).includes(type)) throw KratosError.badRequest(`Invalid value \`${type}\` for parameter \`include_credential\`.`);
    }
    const found = await this.identities.loadVersioned(id);
    if (!found) throw notFound();
    return { identity: this.view(found.identity, includeCredential), version: found.version };
  }

  async create(body: unknown, actor: Actor): Promise<AdminWrite> {
    const input = parseCreateBody(body);
    const derived = validateTraits(this.schemas, input.schemaId!, input.traits);
    const hashedPassword = await passwordHash(this.hasher, input.password);
    const id = randomUUID();
    const now = this.settings.clock();
    const lookupSalt = newLookupSalt();
    return this.write(id, now, (current) => {
      const next = buildIdentity(input, input.schemaId!, derived, null, { id, now, newId: randomUUID, hashedPassword, lookupSalt });
      return plan({ type: 'CreateIdentity', identity: factsOf(next), actor }, current, next);
    });
  }

  async update(id: string, body: unknown, actor: Actor, ifMatch?: IfMatch): Promise<AdminWrite> {
    const current = await this.existing(id);
    const input = parseUpdateBody(body);
    return this.change(current, input, () => input, actor, ifMatch);
  }

  /** The patched admin JSON goes the way of a PUT. The patch is applied again to the identity as the transaction
   * finds it, so that a change committed meanwhile (another patch, a verified address) is kept, not overwritten. */
  async patch(id: string, body: unknown, actor: Actor, ifMatch?: IfMatch): Promise<AdminWrite> {
    const current = await this.existing(id);
    return this.change(current, this.patched(current, body), (fresh) => this.patched(fresh, body), actor, ifMatch);
  }

  async delete(id: string, actor: Actor, ifMatch?: IfMatch): Promise<AdminWrite> {
    return this.write(id, this.settings.clock(), (current) => plan({ type: 'DeleteIdentity', identityId: id, actor }, current, null), ifMatch);
  }

  async removeCredential(id: string, type: string, identifier: string | undefined, actor: Actor): Promise<AdminWrite> {
    const now = this.settings.clock();
    return this.write(id, now, (current) => {
      const passwordSet = typeof current?.credentials.password?.config.hashed_password === 'string';
      const keys = keyFactsOf(current?.credentials ?? {});
      const decision = decide({ type: 'RemoveCredential', identityId: id, credentialType: type, identifier, passwordSet, keys, actor }, current && factsOf(current));
      if (!Array.isArray(decision)) throw rejectionError(decision);
      const removed = decision.find((e) => e.type === 'CredentialsRemoved');
      return { events: decision, next: current && removed?.type === 'CredentialsRemoved' ? withoutCredential(current, removed.data, now) : current };
    });
  }

  /** PUT and PATCH: validate and hash outside the transaction, then plan against the locked identity, with the
   * input `inputFor` gives for it (a PATCH's is derived again when the identity changed since it was loaded). */
  private async change(loaded: AdminIdentity, input: IdentityInput, inputFor: (current: AdminIdentity) => IdentityInput, actor: Actor, ifMatch?: IfMatch): Promise<AdminWrite> {
    validateTraits(this.schemas, input.schemaId ?? loaded.schema_id, input.traits);
    const hashedPassword = await passwordHash(this.hasher, input.password);
    const now = this.settings.clock();
    const lookupSalt = newLookupSalt();
    return this.write(loaded.id, now, (current) => {
      if (!current) return plan({ type: 'UpdateIdentity', identity: factsOf(loaded), actor, secretsChanged: [] }, current, null);
      const fresh = sameRecord(current, loaded) ? input : inputFor(current);
      // the hash was computed for the password the request gave: a patch that now means another one is refused
      if (JSON.stringify(fresh.password) !== JSON.stringify(input.password)) throw conflict();
      const schemaId = fresh.schemaId ?? current.schema_id;
      const derived = validateTraits(this.schemas, schemaId, fresh.traits);
      const next = buildIdentity(fresh, schemaId, derived, current, { id: loaded.id, now, newId: randomUUID, hashedPassword, lookupSalt });
      return plan({ type: 'UpdateIdentity', identity: factsOf(next), actor, secretsChanged: secretsChanged(current, next, hashedPassword !== undefined) }, current, next);
    }, ifMatch);
  }

  private patched(identity: AdminIdentity, body: unknown): IdentityInput {
    const hash = identity.credentials.password?.config.hashed_password;
    return parsePatchedDocument(applyIdentityPatch(patchDocument(identity, this.settings.publicBaseUrl), body), typeof hash === 'string' ? hash : undefined);
  }

  private async write(id: string, now: Date, planner: (current: AdminIdentity | null) => PlannedChange, ifMatch?: IfMatch): Promise<AdminWrite> {
    try {
      const { identity, events, version } = await this.writer.write(id, now, planner, ifMatch);
      return { ...(identity ? { identity: this.view(identity) } : {}), events, version };
    } catch (e) {
      if (e instanceof ClaimTakenError) throw conflict();
      throw e;
    }
  }

  private async existing(id: string): Promise<AdminIdentity> {
    const identity = await this.identities.load(id);
    if (!identity) throw notFound();
    return identity;
  }

  private view(identity: AdminIdentity, includeCredential: readonly string[] = []): IdentityView {
    return adminIdentityView(identity, this.settings.publicBaseUrl, includeCredential);
  }
}

/** Nothing changed between the load outside the transaction and the locked read inside it. */
function sameRecord(a: AdminIdentity, b: AdminIdentity): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The decider's answer as a change to record: its events and the identity they leave, or its refusal. */
function plan(command: AdminIdentityCommand, current: AdminIdentity | null, next: AdminIdentity | null): PlannedChange {
  const decision = decide(command, current && factsOf(current));
  if (!Array.isArray(decision)) throw rejectionError(decision);
  return { events: decision, next: decision.length > 0 ? next : current };
}
