import { EmailSources, lines } from './template';

const html = (...paragraphs: string[]): string => lines('<!doctype html>', '<html><body>', ...paragraphs.map((p) => `<p>${p}</p>`), '</body></html>');

const RECOVERY_TEXT = [
  'Hi,',
  'you (or someone else) entered this email address when trying to recover access to an account.',
  'However, this email address is not on our database of registered users and therefore the attempt has failed.',
  'If this was you, check if you signed up using a different address.',
  'If this was not you, please ignore this email.',
];

const VERIFICATION_TEXT = [
  'Hi,',
  'someone asked to verify this email address, but we were unable to find an account for this address.',
  'If this was you, check if you signed up using a different address.',
  'If this was not you, please ignore this email.',
];

/** Kratos's recovery/invalid and recovery_code/invalid built-ins (the same text). */
export const RECOVERY_ATTEMPT: EmailSources = {
  subject: 'Account access attempted',
  plaintext: lines(RECOVERY_TEXT.join('\n\n')),
  html: html(...RECOVERY_TEXT),
};

/** Kratos's verification/invalid and verification_code/invalid built-ins (the same text). */
export const VERIFICATION_ATTEMPT: EmailSources = {
  subject: 'Someone tried to verify this email address',
  plaintext: lines(VERIFICATION_TEXT.join('\n\n')),
  html: html(...VERIFICATION_TEXT),
};
