import { KratosError, UiNode } from '@gatehouse/contracts';
import type { FlowsConfig } from '../config.schema';
import { NodeTarget, Strategy, StrategyFor, StrategyId, SubmitKind, Submits } from './strategy';

/** Kratos's strategy.EndpointDisabledMessage: a submit naming a method that is switched off (404). */
export function methodDisabled(): KratosError {
  return new KratosError(404, { reason: 'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.' });
}

/** The strategies and which of them the configuration enables (selfservice.methods.<id>.enabled). Pure. */
export class StrategyRegistry {
  constructor(
    private readonly strategies: readonly Strategy[],
    private readonly enabled: ReadonlySet<StrategyId>,
  ) {}

  /** The enabled strategies that serve a flow kind, in registration order. */
  serving<K extends SubmitKind>(kind: K): StrategyFor<K>[] {
    return this.strategies.filter((s): s is StrategyFor<K> => this.enabled.has(s.id) && serves(s, kind));
  }

  /** The ui nodes the enabled strategies contribute to a flow (only those of `only` when given: the method a
   * verification or recovery flow uses). */
  nodes(target: NodeTarget, only?: StrategyId): UiNode[] {
    return this.strategies
      .filter((s) => this.enabled.has(s.id) && (only === undefined || s.id === only))
      .flatMap((s) => s.nodes(target));
  }

  /** What the enabled strategies keep in a new flow (flow.internal, by strategy id); undefined when none keeps anything. */
  async prepare(target: NodeTarget, now: Date): Promise<Record<string, unknown> | undefined> {
    const internal: Record<string, unknown> = { ...(target.flow.internal ?? {}) };
    let any = false;
    for (const s of this.strategies) {
      if (!this.enabled.has(s.id) || !s.prepare) continue;
      const state = await s.prepare(target, now);
      if (state === undefined) continue;
      internal[s.id] = state;
      any = true;
    }
    return any ? internal : target.flow.internal;
  }

  /** The strategy a submitted `method` names for a flow kind; undefined when no strategy of that name serves it
   * (the flow answers "no strategy"). A method that is switched off throws Kratos's 404, as
   * flow.MethodEnabledAndAllowed does. */
  method<K extends SubmitKind>(kind: K, method: unknown): StrategyFor<K> | undefined {
    const strategy = this.strategies.find((s): s is StrategyFor<K> => s.id === method && serves(s, kind));
    if (strategy && !this.enabled.has(strategy.id)) throw methodDisabled();
    return strategy;
  }

  /** The method a settings, login or registration submit names, or else the enabled strategy that recognises it as its own. */
  submittedMethod(kind: 'settings' | 'login' | 'registration', input: Record<string, unknown>): unknown {
    if (input.method !== undefined) return input.method;
    const claims = (s: Strategy) => (kind === 'settings' ? s.claimsSettings?.(input) : kind === 'login' ? s.claimsLogin?.(input) : s.claimsRegistration?.(input));
    return this.strategies.find((s) => this.enabled.has(s.id) && claims(s))?.id;
  }

  /** The flow kind's submit handler of a method that method() accepted (or a flow stored as active). */
  submitter<K extends SubmitKind>(kind: K, id: StrategyId): Submits[K] {
    const strategy = this.method(kind, id);
    if (!strategy) throw new Error(`no strategy ${id} serves ${kind} flows`);
    const submit: Pick<Submits, K> = strategy.submit;
    return submit[kind];
  }
}

function serves<K extends SubmitKind>(s: Strategy, kind: K): s is StrategyFor<K> {
  return s.submit[kind] !== undefined;
}

/** The methods switched on in selfservice.methods (password, code and profile on; link, totp, lookup_secret, webauthn
 * and passkey off by default, as Kratos). */
export function enabledMethods(methods: FlowsConfig['selfservice']['methods']): Set<StrategyId> {
  const ids: StrategyId[] = ['password', 'code', 'link', 'profile', 'totp', 'lookup_secret', 'webauthn', 'passkey'];
  return new Set(ids.filter((id) => methods[id].enabled));
}
