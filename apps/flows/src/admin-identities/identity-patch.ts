import { JsonPatchError, Operation, applyPatch, deepClone } from 'fast-json-patch';
import { KratosError } from '@gatehouse/contracts';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
/** Pointer segments that would reach an object's prototype. */
const BANNED = new Set(['__proto__', 'constructor', 'prototype']);

/** Paths a JSON Patch may not touch (Kratos: /id, /stateChangedAt, /credentials, /credentials/oidc/**,
 * /credentials/saml/**; here also the snake_case state_changed_at and the timestamps). Compared lower-cased. */
const DENIED = [/^\/id$/, /^\/statechangedat$/, /^\/state_changed_at$/, /^\/credentials$/, /^\/credentials\/(oidc|saml)(\/.*)?$/, /^\/created_at$/, /^\/updated_at$/];

/** The first path an operation list may not touch (a `move` also empties its `from`). */
export function deniedPath(ops: readonly Operation[]): string | undefined {
  for (const op of ops) {
    const paths = op.op === 'move' ? [op.path, op.from] : [op.path];
    const denied = paths.find((p) => DENIED.some((re) => re.test(p.toLowerCase())));
    if (denied !== undefined) return denied;
  }
  return undefined;
}

/** Applies an RFC 6902 JSON Patch to a copy of the identity's admin JSON; every refusal is Kratos's 400
 * "An error occured when applying the JSON patch" with what went wrong (never the document itself). */
export function applyIdentityPatch<T extends object>(document: T, body: unknown): T {
  const ops = operations(body);
  const denied = deniedPath(ops);
  if (denied !== undefined) throw patchError(`patch includes denied path: ${denied}`);
  try {
    return applyPatch(deepClone(document) as T, ops, true, false, true).newDocument;
  } catch (e) {
    if (e instanceof JsonPatchError) throw patchError(`failed to apply JSON patch: ${e.message.split('\n')[0]} (${e.name}, operation ${e.index ?? 0})`);
    throw e;
  }
}

function operations(body: unknown): Operation[] {
  if (!Array.isArray(body)) throw patchError('the request body must be a JSON Patch array');
  return body.map((op, i) => {
    if (op === null || typeof op !== 'object' || Array.isArray(op)) throw patchError(`operation ${i} must be an object`);
    const o = op as Record<string, unknown>;
    if (typeof o.op !== 'string' || !OPS.has(o.op)) throw patchError(`operation ${i}: unsupported op ${JSON.stringify(o.op)}`);
    if (typeof o.path !== 'string') throw patchError(`operation ${i}: path must be a JSON pointer`);
    if ((o.op === 'move' || o.op === 'copy') && typeof o.from !== 'string') throw patchError(`operation ${i}: from must be a JSON pointer`);
    for (const pointer of [o.path, o.from]) {
      if (typeof pointer === 'string' && pointer.split('/').some((s) => BANNED.has(s))) throw patchError(`operation ${i}: ${pointer} cannot be changed`);
    }
    return o as unknown as Operation;
  });
}

function patchError(detail: string): KratosError {
  return new KratosError(400, { reason: `An error occured when applying the JSON patch: ${detail}`, message: detail });
}
