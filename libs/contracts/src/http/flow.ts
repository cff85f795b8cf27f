import { UiContainer } from './ui';

/** Kratos's registrationFlow as served by GET /self-service/registration/{api,flows}. */
export interface RegistrationFlowView {
  id: string;
  organization_id: null;
  type: 'api' | 'browser';
  expires_at: string;
  issued_at: string;
  request_url: string;
  return_to?: string;
  active?: string;
  ui: UiContainer;
  state: 'choose_method' | 'sent_email' | 'passed_challenge';
}
