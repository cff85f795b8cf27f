import { KratosError, UiNode } from '@gatehouse/contracts';
import type { FlowsConfig } from '../config.schema';
import { FlowKind, NodeTarget, Strategy, StrategyFor, StrategyId, Submits } from './strategy';

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
  serving<K extends FlowKind>(kind: K): StrategyFor<K>[] {
    return this.strategies.filter((s): s is StrategyFor<K> => this.enabled.has(s.id) && serves(s, kind));
  }

  /** The ui nodes the enabled strategies contribute to a flow (only those of `only` when given: the method a
   * verification or recovery flow uses). */
  nodes(target: NodeTarget, only?: StrategyId): UiNode[] {
    return this.serving(target.kind)
      .filter((s) => only === undefined || s.id === only)
      .flatMap((s) => s.nodes(target));
  }

  /** The strategy a submitted `method` names for a flow kind; undefined when no strategy of that name serves it
   * (the flow answers "no strategy"). A method that is switched off throws Kratos's 404, as
   * flow.MethodEnabledAndAllowed does. */
  method<K extends FlowKind>(kind: K, method: unknown): StrategyFor<K> | undefined {
    const strategy = this.strategies.find((s): s is StrategyFor<K> => s.id === method && serves(s, kind));
    if (strategy && !this.enabled.has(strategy.id)) throw methodDisabled();
    return strategy;
  }

  /** The flow kind's submit handler of a method that method() accepted (or a flow stored as active). */
  submitter<K extends FlowKind>(kind: K, id: StrategyId): Submits[K] {
    const strategy = this.method(kind, id);
    if (!strategy) throw new Error(`no strategy ${id} serves ${kind} flows`);
    const submit: Pick<Submits, K> = strategy.submit;
    return submit[kind];
  }
}

function serves<K extends FlowKind>(s: Strategy, kind: K): s is StrategyFor<K> {
  return s.submit[kind] !== undefined;
}

/** The methods switched on in selfservice.methods (password and code on, link off by default, as Kratos). */
export function enabledMethods(methods: FlowsConfig['selfservice']['methods']): Set<StrategyId> {
  const ids: StrategyId[] = ['password', 'code', 'link'];
  return new Set(ids.filter((id) => methods[id].enabled));
}
