import { Messages as M, UiNode } from '@gatehouse/contracts';
import { imageNode, input, textNode } from '../../ui/nodes';
import type { PendingTotp } from './totp.decide';

/** Kratos's QR code size (totp/nodes.go NewTOTPImageQRNode). */
export const TOTP_QR_SIZE = { width: 256, height: 256 };

/** Settings without a linked app (kratos:selfservice/strategy/totp/settings.go PopulateSettingsMethod and its
 * snapshot): the QR code, the secret as text, the code to confirm it and Save. */
export function totpSetupNodes(pending: PendingTotp): UiNode[] {
  return [
    imageNode('totp', 'totp_qr', pending.qr, TOTP_QR_SIZE, M.InfoSelfServiceSettingsTOTPQRCode()),
    textNode('totp', 'totp_secret_key', M.InfoSelfServiceSettingsTOTPSecret(pending.secret), M.InfoSelfServiceSettingsTOTPSecretLabel()),
    input('totp', { name: 'totp_code', type: 'text', required: true, autocomplete: 'one-time-code' }, M.InfoNodeLabelVerifyOTP()),
    input('totp', { name: 'method', type: 'submit', value: 'totp' }, M.InfoNodeLabelSave()),
  ];
}

/** Settings with a linked app: the unlink button (NewUnlinkTOTPNode). */
export function totpUnlinkNodes(): UiNode[] {
  return [input('totp', { name: 'totp_unlink', type: 'submit', value: 'true', required: true }, M.InfoSelfServiceSettingsUpdateUnlinkTOTP())];
}

/** An aal2 login of an identity with totp (totp/login.go PopulateLoginMethod): the code and "Use Authenticator". */
export function totpLoginNodes(): UiNode[] {
  return [
    input('totp', { name: 'totp_code', type: 'text', value: '', required: true, autocomplete: 'one-time-code' }, M.InfoSelfServiceLoginTOTPLabel()),
    input('totp', { name: 'method', type: 'submit', value: 'totp' }, M.InfoLoginTOTP()),
  ];
}
