export const LOGIN_SETTINGS = Symbol('LOGIN_SETTINGS');
export const LOGIN_FLOWS = Symbol('LOGIN_FLOWS');

export interface LoginSettings {
  publicBaseUrl: string;
  lifespanMs: number;
  clock: () => Date;
}
