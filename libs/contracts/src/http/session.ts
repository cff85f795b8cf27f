import { IdentityView } from './identity';

export type Aal = 'aal0' | 'aal1' | 'aal2' | 'aal3';

export interface AuthenticationMethod {
  method: string;
  aal: 'aal1' | 'aal2';
  completed_at: string;
}

/** Kratos's session JSON (whoami, login answers). */
export interface SessionView {
  id: string;
  active: boolean;
  expires_at: string;
  authenticated_at: string;
  issued_at: string;
  authenticator_assurance_level: Aal;
  authentication_methods: AuthenticationMethod[];
  identity?: IdentityView;
  devices: Array<{ id: string; ip_address?: string; user_agent?: string; location?: string }>;
}
