export const ADMIN_IDENTITY_SETTINGS = Symbol('ADMIN_IDENTITY_SETTINGS');

export interface AdminIdentitySettings {
  publicBaseUrl: string;
  clock: () => Date;
  /** How many plaintext passwords of one import batch are hashed at once. */
  hashConcurrency: number;
}
