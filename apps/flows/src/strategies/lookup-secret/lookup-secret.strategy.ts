import { randomBytes } from 'node:crypto';
import { UiNode } from '@gatehouse/contracts';
import type { FlowSecrets } from '../../flow/flow-secrets';
import type { StoredFlow } from '../../flow/flow.types';
import { NodeTarget, SettingsResult, Strategy, Submits } from '../strategy';
import { lookupCodes, lookupSalt } from './lookup-codes';
import { claimsLookupSettings, decideLookupSettings, LookupFlowState, LookupSettingsDecision, readLookupSecret, storedLookup, useLookupSecret } from './lookup-secret.decide';
import { lookupLoginNodes, lookupNoneNodes, lookupPendingNodes, lookupRevealedNodes, lookupStoredNodes } from './lookup-secret.nodes';

export interface LookupSecretStrategyOptions {
  /** seals the codes a settings flow shows until they are confirmed */
  secrets: FlowSecrets;
  /** the codes' and the salt's randomness (tests pass a fixed one) */
  random?: (n: number) => Buffer;
}

/** What the strategy keeps in `flow.internal.lookup_secret`: the pending codes sealed for the flow, or that the
 * stored codes' states are shown. */
export interface LookupInternal {
  sealed?: string;
  revealed?: boolean;
}

/**
 * The `lookup_secret` method (kratos:selfservice/strategy/lookup): backup recovery codes as a second factor.
 * Settings generates 12 codes, shows them once and stores their salted digests when they are confirmed; an aal2
 * login spends one. Codes travel only sealed (in the flow) or as digests in the credential's sealed config.
 */
export class LookupSecretStrategy implements Strategy {
  readonly id = 'lookup_secret';
  readonly credentialType = 'lookup_secret';
  readonly claimsSettings = claimsLookupSettings;
  readonly submit: Pick<Submits, 'settings' | 'secondFactor'>;
  private readonly random: (n: number) => Buffer;

  constructor(private readonly options: LookupSecretStrategyOptions) {
    this.random = options.random ?? randomBytes;
    this.submit = {
      settings: async (input, ctx) => {
        const decision = decideLookupSettings(input, {
          identityId: ctx.identity.id,
          flowId: ctx.flow.id,
          sessionId: ctx.sessionId,
          now: ctx.now,
          stored: storedLookup(ctx.credentials),
          pending: this.state(ctx.flow).pending ?? null,
          fresh: { codes: () => lookupCodes(this.random), salt: () => lookupSalt(this.random) },
        });
        return this.sealed(ctx.flow.id, decision);
      },
      secondFactor: (input) => {
        const read = readLookupSecret(input);
        if ('fields' in read) return read;
        return { accepted: { verify: async (credentials, ctx) => useLookupSecret(credentials, read.code, { identityId: ctx.identityId, flowId: ctx.flow.id, now: ctx.now }) } };
      },
    };
  }

  nodes(target: NodeTarget): UiNode[] {
    switch (target.kind) {
      case 'settings': {
        const state = this.state(target.flow);
        const stored = storedLookup(target.credentials);
        if (state.pending) return lookupPendingNodes(state.pending);
        if (stored) return state.revealed ? lookupRevealedNodes(stored) : lookupStoredNodes();
        return lookupNoneNodes();
      }
      case 'login':
        // Kratos's PopulateLoginMethod: aal2 only, and only for an identity that has lookup secrets
        return target.flow.requestedAal === 'aal2' && target.subject?.credentials.lookup_secret ? lookupLoginNodes() : [];
      default:
        return [];
    }
  }

  /** The decision with its pending codes sealed for the flow. */
  private sealed(flowId: string, decision: LookupSettingsDecision): SettingsResult {
    const { internal, ...rest } = decision;
    if (internal === undefined || internal === null) return decision as SettingsResult;
    const out: LookupInternal = {};
    if (internal.pending) out.sealed = this.options.secrets.seal(flowId, JSON.stringify(internal.pending));
    if (internal.revealed) out.revealed = true;
    return { ...rest, internal: out };
  }

  private state(flow: StoredFlow): LookupFlowState {
    const internal = flow.internal?.[this.id] as LookupInternal | null | undefined;
    const state: LookupFlowState = internal?.revealed === true ? { revealed: true } : {};
    if (typeof internal?.sealed !== 'string') return state;
    const opened = this.options.secrets.open(flow.id, internal.sealed);
    try {
      const codes = opened === null ? null : (JSON.parse(opened) as unknown);
      if (Array.isArray(codes) && codes.every((c) => typeof c === 'string')) state.pending = codes;
    } catch {
      // not ours: no pending codes
    }
    return state;
  }
}
