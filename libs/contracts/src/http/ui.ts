import { UiText } from './messages';

export type UiNodeGroup = 'default' | 'password' | 'profile' | 'oidc' | 'code' | 'link' | 'totp' | 'lookup_secret' | 'webauthn' | 'passkey';

export interface UiNodeInputAttributes {
  name: string;
  type: 'text' | 'password' | 'number' | 'checkbox' | 'hidden' | 'email' | 'tel' | 'submit' | 'button' | 'datetime-local' | 'date' | 'url';
  value?: unknown;
  required?: boolean;
  autocomplete?: string;
  pattern?: string;
  maxlength?: number;
  disabled: boolean;
  node_type: 'input';
}

export interface UiNode {
  type: 'input';
  group: UiNodeGroup;
  attributes: UiNodeInputAttributes;
  messages: UiText[];
  meta: { label?: UiText };
}

export interface UiContainer {
  action: string;
  method: 'POST';
  nodes: UiNode[];
  messages?: UiText[];
}
