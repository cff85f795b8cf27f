import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, EventEnvelope, KratosError, KratosErrorBody } from '@gatehouse/contracts';
import { isUuid } from '../persistence/flow.repository';
import { IdentitySchemas } from '../schema/identity-schemas';
import { DerivedCredentials } from '../schema/traits';
import { PasswordHasher } from '../strategies/password/password.hasher';
import { decide } from './admin-identity.decide';
import { conflict } from './admin-identity.errors';
import { ADMIN_IDENTITY_SETTINGS, AdminIdentitySettings } from './admin-identity.settings';
import { IdentityInput, parseCreateBody } from './identity-input';
import { ImportItem, IdentityImportWriter } from './identity-import.writer';
import { buildIdentity, claimKey, claimsOf, factsOf } from './identity-record';
import { newLookupSalt, passwordHash, validateTraits } from './identity-validation';

/** Kratos's limit per PATCH /admin/identities request (its docs: 1,000 per request). */
export const MAX_BATCH = 1000;

/** One entry of batchPatchIdentitiesResponse (identityPatchResponse): `identity` is the new identity's id. */
export type PatchResult = { action: 'create'; identity: string; patch_id?: string } | { action: 'error'; error: KratosErrorBody; patch_id?: string };

export interface ImportAnswer {
  status: number;
  body: unknown;
  events: EventEnvelope[];
}

interface Patch {
  patchId?: string;
  create?: unknown;
}

interface Prepared {
  index: number;
  input: IdentityInput;
  derived: DerivedCredentials;
  hashedPassword?: string;
}

/** PATCH /admin/identities: every item is validated in memory first (per-item errors), plaintext passwords are
 * hashed a few at a time, duplicates within the batch keep the first, and what remains is recorded at once. */
@Injectable()
export class IdentityImportHandler {
  constructor(
    private readonly schemas: IdentitySchemas,
    private readonly hasher: PasswordHasher,
    private readonly writer: IdentityImportWriter,
    @Inject(ADMIN_IDENTITY_SETTINGS) private readonly settings: AdminIdentitySettings,
  ) {}

  async import(body: unknown, actor: Actor): Promise<ImportAnswer> {
    const patches = parsePatches(body);
    const results: PatchResult[] = new Array(patches.length);
    const failed = (index: number, e: unknown) => {
      if (!(e instanceof KratosError)) throw e;
      results[index] = { action: 'error', ...withPatchId(patches[index]!), error: e.toEnvelope().error };
    };
    const prepared: Prepared[] = [];
    patches.forEach((patch, index) => {
      try {
        if (patch.create === undefined || patch.create === null) throw KratosError.badRequest('Only create patches are supported: create is missing.');
        const input = parseCreateBody(patch.create);
        prepared.push({ index, input, derived: validateTraits(this.schemas, input.schemaId!, input.traits) });
      } catch (e) {
        failed(index, e);
      }
    });
    await eachLimited(prepared, this.settings.hashConcurrency, async (p) => {
      try {
        p.hashedPassword = await passwordHash(this.hasher, p.input.password);
      } catch (e) {
        failed(p.index, e);
      }
    });

    const importId = randomUUID();
    const now = this.settings.clock();
    const claimed = new Set<string>();
    const items: Array<ImportItem & { index: number }> = [];
    for (const p of prepared) {
      if (results[p.index]) continue;
      const identity = buildIdentity(p.input, p.input.schemaId!, p.derived, null, { id: randomUUID(), now, newId: randomUUID, hashedPassword: p.hashedPassword, lookupSalt: newLookupSalt() });
      const keys = claimsOf(identity).map(claimKey);
      if (keys.some((k) => claimed.has(k))) {
        failed(p.index, conflict());
        continue;
      }
      keys.forEach((k) => claimed.add(k));
      const events = decide({ type: 'CreateIdentity', identity: factsOf(identity), actor, importId }, null);
      if (!Array.isArray(events)) throw new Error(`a new identity was refused: ${events.reason}`);
      items.push({ index: p.index, identity, events });
    }

    const written = items.length > 0 ? await this.writer.write({ importId, total: patches.length, actor, now, items }) : { created: new Set<string>(), events: [] };
    for (const item of items) {
      if (written.created.has(item.identity.id)) results[item.index] = { action: 'create', identity: item.identity.id, ...withPatchId(patches[item.index]!) };
      else failed(item.index, conflict());
    }
    if (written.created.size === 0) {
      const first = results.find((r) => r.action === 'error');
      const error = first?.action === 'error' ? first.error : conflict().toEnvelope().error;
      return { status: error.code, body: { error }, events: [] };
    }
    return { status: 200, body: { identities: results }, events: written.events };
  }
}

/** patchIdentitiesBody, decoded strictly as Kratos does: `{identities: [{patch_id?, create}]}`, 1 to 1,000 items. */
function parsePatches(body: unknown): Patch[] {
  const o = body as { identities?: unknown } | null;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw KratosError.badRequest('the request body must be a JSON object');
  for (const key of Object.keys(o)) if (key !== 'identities') throw new KratosError(400, { message: `json: unknown field "${key}"` });
  if (!Array.isArray(o.identities) || o.identities.length === 0) throw KratosError.badRequest('identities must list at least one patch');
  if (o.identities.length > MAX_BATCH) throw KratosError.badRequest(`The maximum number of identities per request that can be created or deleted at once is ${MAX_BATCH}.`);
  return o.identities.map((p: unknown) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw KratosError.badRequest('each patch must be a JSON object');
    const { patch_id, create, ...rest } = p as Record<string, unknown>;
    const [unknown] = Object.keys(rest);
    if (unknown !== undefined) throw new KratosError(400, { message: `json: unknown field "${unknown}"` });
    if (patch_id !== undefined && patch_id !== null && !(typeof patch_id === 'string' && isUuid(patch_id))) throw KratosError.badRequest(`patch_id must be a UUID: ${JSON.stringify(patch_id)}`);
    return { ...(typeof patch_id === 'string' ? { patchId: patch_id } : {}), create };
  });
}

const withPatchId = (p: Patch): { patch_id?: string } => (p.patchId ? { patch_id: p.patchId } : {});

/** Runs `work` over the items with at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
