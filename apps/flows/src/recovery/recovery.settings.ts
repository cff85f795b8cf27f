export const RECOVERY_SETTINGS = Symbol('RECOVERY_SETTINGS');

/** The slice of configuration the recovery flow reads, plus the clock (injected, so tests can move time). */
export interface RecoverySettings {
  publicBaseUrl: string;
  /** selfservice.flows.recovery.enabled */
  enabled: boolean;
  /** selfservice.flows.recovery.lifespan */
  lifespanMs: number;
  /** selfservice.flows.recovery.ui_url */
  uiUrl: string;
  /** selfservice.flows.recovery.use: the method a new flow offers */
  use: 'code' | 'link';
  /** selfservice.flows.settings: where a recovered user continues, and for how long the session is privileged */
  settings: { uiUrl: string; lifespanMs: number; privilegedMaxAgeMs: number };
  /** selfservice.methods.code: enabled, config.lifespan, config.max_submissions */
  code: { enabled: boolean; lifespanMs: number; maxSubmissions: number };
  /** selfservice.methods.link: enabled, config.lifespan */
  link: { enabled: boolean; lifespanMs: number };
  secrets: { cipher: string[]; default: string[] };
  clock: () => Date;
}
