import { randomBytes } from 'node:crypto';
import { IdentityView, UiNode } from '@gatehouse/contracts';
import QRCode from 'qrcode';
import type { FlowSecrets } from '../../flow/flow-secrets';
import type { StoredFlow } from '../../flow/flow.types';
import type { IdentitySchema } from '../../schema/identity-schema';
import { NodeTarget, Strategy, Submits } from '../strategy';
import { base32Encode } from './hotp';
import { totpAccountName, totpIssuer, totpUrl } from './otpauth';
import { claimsTotpSettings, decideTotpSettings, linkedTotp, PendingTotp, readTotpCode, verifyTotp } from './totp.decide';
import { totpLoginNodes, totpSetupNodes, totpUnlinkNodes, TOTP_QR_SIZE } from './totp.nodes';

/** RFC 4226 §4 recommends a 160-bit shared secret, as Kratos's generator.go uses. */
const SEED_BYTES = 160 / 8;

export interface TotpStrategyOptions {
  /** selfservice.methods.totp.config.issuer; unset: the public base URL's host name, as Kratos */
  issuer?: string;
  publicBaseUrl: string;
  /** seals the seed a settings flow shows until it is confirmed */
  secrets: FlowSecrets;
  /** the seed's randomness (tests pass a fixed one) */
  random?: (n: number) => Buffer;
}

/** What the strategy keeps in `flow.internal.totp`: the pending seed, sealed for the flow. */
export interface TotpInternal {
  sealed: string;
}

/**
 * The `totp` method (kratos:selfservice/strategy/totp): an authenticator app as a second factor. Settings links
 * one (a seed prepared per flow, confirmed with a code of it) or unlinks it; an aal2 login takes a code of it.
 * The seed travels only sealed (in the flow) or in the credential's sealed config, never in an event or a log.
 */
export class TotpStrategy implements Strategy {
  readonly id = 'totp';
  readonly credentialType = 'totp';
  readonly claimsSettings = claimsTotpSettings;
  readonly submit: Pick<Submits, 'settings' | 'secondFactor'>;
  private readonly random: (n: number) => Buffer;

  constructor(private readonly options: TotpStrategyOptions) {
    this.random = options.random ?? randomBytes;
    this.submit = {
      settings: async (input, ctx) => {
        const result = decideTotpSettings(input, {
          identityId: ctx.identity.id,
          flowId: ctx.flow.id,
          sessionId: ctx.sessionId,
          now: ctx.now,
          linked: linkedTotp(ctx.credentials),
          pending: this.pending(ctx.flow),
        });
        // a refusal that drops the seed (none, or it no longer opens) comes with a new one to scan
        if (result.internal === null && !result.change) return { ...result, internal: await this.newSeed(ctx.flow.id, ctx.schema, ctx.identity) };
        return result;
      },
      secondFactor: (input) => {
        const read = readTotpCode(input);
        if ('fields' in read) return read;
        return { accepted: { verify: async (credentials, ctx) => verifyTotp(credentials, read.code, { identityId: ctx.identityId, flowId: ctx.flow.id, now: ctx.now }) } };
      },
    };
  }

  /** A new seed for a settings flow of an identity without totp that shows none yet (or one that no longer opens). */
  async prepare(target: NodeTarget): Promise<TotpInternal | undefined> {
    if (target.kind !== 'settings' || linkedTotp(target.credentials) || this.pending(target.flow)) return undefined;
    return this.newSeed(target.flow.id, target.schema, target.identity);
  }

  /** A 160-bit seed, its otpauth URL (Kratos's issuer and account name) and QR code (256×256, level M as Kratos),
   * sealed for the flow. */
  private async newSeed(flowId: string, schema: IdentitySchema, identity: IdentityView): Promise<TotpInternal> {
    const secret = base32Encode(this.random(SEED_BYTES));
    const url = totpUrl({ issuer: totpIssuer(this.options.issuer, this.options.publicBaseUrl), accountName: totpAccountName(schema, identity), secret });
    const qr = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', width: TOTP_QR_SIZE.width, margin: 1 });
    const pending: PendingTotp = { secret, url, qr };
    return { sealed: this.options.secrets.seal(flowId, JSON.stringify(pending)) };
  }

  nodes(target: NodeTarget): UiNode[] {
    switch (target.kind) {
      case 'settings': {
        if (linkedTotp(target.credentials)) return totpUnlinkNodes();
        const pending = this.pending(target.flow);
        return pending ? totpSetupNodes(pending) : [];
      }
      case 'login':
        // Kratos's PopulateLoginMethod: aal2 only, and only for an identity that has a totp credential
        return target.flow.requestedAal === 'aal2' && target.subject?.credentials.totp ? totpLoginNodes() : [];
      default:
        return [];
    }
  }

  private pending(flow: StoredFlow): PendingTotp | null {
    const internal = flow.internal?.[this.id] as Partial<TotpInternal> | null | undefined;
    if (typeof internal?.sealed !== 'string') return null;
    const opened = this.options.secrets.open(flow.id, internal.sealed);
    if (opened === null) return null;
    try {
      const p = JSON.parse(opened) as Partial<PendingTotp>;
      return typeof p.secret === 'string' && typeof p.url === 'string' && typeof p.qr === 'string' ? { secret: p.secret, url: p.url, qr: p.qr } : null;
    } catch {
      return null;
    }
  }
}
