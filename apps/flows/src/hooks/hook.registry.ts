import type { StrategyId } from '../strategies/strategy';
import { AfterContexts, FlowHook, Hook, HookConfig, HookFlow, HookName, HookRefusal } from './hook';

/** `selfservice.flows.<flow>.after`: the flow's hooks and, per method, the method's own. */
export type AfterHooksConfig = { hooks?: readonly HookConfig[] } & { [M in StrategyId]?: { hooks: readonly HookConfig[] } };

/** The hooks after a flow submitted with `method` (kratos:driver/registry_default_*.go): the method's own list when
 * it is not empty, else the flow's (never both), with `session` last ("The session issuer hook always needs to come
 * last"). Pure. */
export function afterHookNames(after: AfterHooksConfig, method?: StrategyId): HookName[] {
  const own = method ? after[method]?.hooks : undefined;
  const names = (own && own.length > 0 ? own : (after.hooks ?? [])).map((h) => h.hook);
  return [...names.filter((n) => n !== 'session'), ...names.filter((n) => n === 'session')];
}

/** Runs one flow's hooks in their order: the first refusal stops the flow. */
export class HookExecutor<C> {
  constructor(
    readonly names: readonly HookName[],
    private readonly hooks: ReadonlyArray<FlowHook<C>>,
  ) {}

  async prePersist(ctx: C): Promise<HookRefusal | undefined> {
    for (const hook of this.hooks) {
      const refusal = await hook.prePersist?.(ctx);
      if (refusal) return refusal;
    }
    return undefined;
  }

  async postPersist(ctx: C): Promise<void> {
    for (const hook of this.hooks) await hook.postPersist?.(ctx);
  }
}

/** The configured hooks of every flow, by name; flows ask it for the hooks after a submit of one method. */
export class HookRegistry {
  private readonly byName: ReadonlyMap<HookName, Hook>;

  constructor(
    private readonly config: { readonly [K in HookFlow]: AfterHooksConfig },
    hooks: readonly Hook[],
  ) {
    this.byName = new Map(hooks.map((h) => [h.name, h]));
  }

  after<K extends HookFlow>(flow: K, method?: StrategyId): HookExecutor<AfterContexts[K]> {
    const runs = afterHookNames(this.config[flow], method).flatMap((name) => {
      const hook = this.byName.get(name)?.[flow];
      return hook ? [{ name, hook: hook as FlowHook<AfterContexts[K]> }] : [];
    });
    return new HookExecutor(
      runs.map((r) => r.name),
      runs.map((r) => r.hook),
    );
  }
}
