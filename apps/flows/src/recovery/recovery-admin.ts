import { Injectable } from '@nestjs/common';
import { parseDuration } from '@gatehouse/config';
import { KratosError } from '@gatehouse/contracts';
import { withQuery } from '../http/answer';
import { isUuid } from '../persistence/flow.repository';
import { codeDigest, newCode, newToken } from '../verification/verification-code';
import { RecoveryAddresses } from '../identity/recovery-addresses';
import { RecoveryFlows } from './recovery-flows';
import { RecoveryMethod } from './recovery.state';
import { RecoveryWriter } from './recovery.writer';

/** Kratos's admin recovery (kratos:selfservice/strategy/{code,link}/*admin*.go): a flow in sent_email, created
 * for an identity with a code or link token the administrator hands over. No mail, no event: the secret is
 * answered once and kept only as its digest. */
@Injectable()
export class RecoveryAdmin {
  constructor(
    private readonly flows: RecoveryFlows,
    private readonly addresses: RecoveryAddresses,
    private readonly writer: RecoveryWriter,
  ) {}

  /** POST /admin/recovery/code → 201 {recovery_link, recovery_code, expires_at}. 404 for an unknown identity. */
  async code(body: unknown): Promise<{ recovery_link: string; recovery_code: string; expires_at: string }> {
    const input = this.input(body, 404);
    const flowType = input.flow_type === 'api' ? 'api' : 'browser';
    const { flowId, secret, expiresAt } = await this.create(input, 'code', flowType);
    return { recovery_link: withQuery(this.flows.settings.uiUrl, 'flow', flowId), recovery_code: secret, expires_at: expiresAt };
  }

  /** POST /admin/recovery/link → 200 {recovery_link, expires_at}. 400 for an unknown identity (as Kratos). */
  async link(body: unknown): Promise<{ recovery_link: string; expires_at: string }> {
    const input = this.input(body, 400);
    const { flowId, secret, expiresAt } = await this.create(input, 'link', 'browser');
    const url = new URL(`${this.flows.settings.publicBaseUrl.replace(/\/+$/, '')}/self-service/recovery`);
    url.searchParams.set('flow', flowId);
    url.searchParams.set('token', secret);
    return { recovery_link: url.toString(), expires_at: expiresAt };
  }

  private async create(input: Input, method: RecoveryMethod, type: 'api' | 'browser') {
    const s = this.flows.settings;
    const found = await this.addresses.ofIdentity(input.identity_id);
    if (!found) throw input.unknown;
    const lifespanMs = input.expiresInMs ?? (method === 'code' ? s.code.lifespanMs : s.link.lifespanMs);
    const requestUrl = `${s.publicBaseUrl.replace(/\/+$/, '')}/self-service/recovery/${type}`;
    const flow = await this.flows.create(type, requestUrl, { admin: true, lifespanMs }, false);
    const next = { ...flow, state: 'sent_email' as const, active: method };
    const secretText = adminSecret(method, flow.id, s.secrets.default[0]);
    // one clock reading: the secret expires exactly with its flow
    const now = new Date(flow.issuedAt);
    const expiresAt = new Date(flow.expiresAt);
    // an identity without a recovery address is still recoverable by an administrator: the secret names only it
    const recipient = found.recipient ?? { identityId: input.identity_id, addressId: input.identity_id, address: '', via: 'email' as const };
    await this.writer.requested({ next, events: [], method, secret: { recipient, digest: secretText.digest, expiresAt }, now }, true);
    return { flowId: flow.id, secret: secretText.plain, expiresAt: expiresAt.toISOString() };
  }

  private input(body: unknown, unknownStatus: 400 | 404): Input {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (!isUuid(b.identity_id)) throw KratosError.badRequest('identity_id must be the UUID of an identity.');
    let expiresInMs: number | undefined;
    if (b.expires_in !== undefined && b.expires_in !== '') {
      try {
        expiresInMs = parseDuration(String(b.expires_in));
      } catch {
        throw KratosError.badRequest(`Unable to parse "expires_in" duration: ${String(b.expires_in)}`);
      }
      if (!(expiresInMs > 0)) throw KratosError.badRequest('"expires_in" must be a positive duration.');
    }
    const unknown = new KratosError(unknownStatus, { reason: 'The requested identity id does not exist.' });
    return { identity_id: b.identity_id, flow_type: b.flow_type, expiresInMs, unknown };
  }
}

interface Input {
  identity_id: string;
  flow_type: unknown;
  expiresInMs?: number;
  unknown: KratosError;
}

/** A code (or token) for an admin flow: the plain value answers the request once, only its digest is kept. */
function adminSecret(method: RecoveryMethod, flowId: string, signingSecret: string): { plain: string; digest: string } {
  const plain = method === 'code' ? newCode() : newToken();
  return { plain, digest: codeDigest(plain, flowId, signingSecret) };
}
