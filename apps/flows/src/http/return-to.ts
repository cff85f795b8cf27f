import { ErrorIds, KratosError } from '@gatehouse/contracts';

/** Kratos's x/redir SecureRedirectTo: a return_to is allowed when scheme and host equal those of an allowed
 * URL (a `*.` host allows subdomains) and its path starts with the allowed path. Relative return_to values
 * resolve against the default return URL. Pure. */
export function checkReturnTo(returnTo: string | undefined, allowed: readonly string[], defaultReturnUrl: string): string | undefined {
  if (returnTo === undefined || returnTo === '') return undefined;
  let target: URL;
  try {
    target = new URL(returnTo, defaultReturnUrl);
  } catch {
    throw forbidden(returnTo);
  }
  if (!allowed.some((a) => isAllowed(target, a))) throw forbidden(returnTo);
  return target.toString();
}

function isAllowed(target: URL, allowedUrl: string): boolean {
  let a: URL;
  try {
    a = new URL(allowedUrl);
  } catch {
    return false;
  }
  if (a.protocol !== target.protocol) return false;
  const host = a.host.toLowerCase();
  const sameHost = host.startsWith('*.') ? target.host.toLowerCase().endsWith(host.slice(1)) : host === target.host.toLowerCase();
  return sameHost && target.pathname.startsWith(a.pathname);
}

function forbidden(returnTo: string): KratosError {
  return KratosError.of(ErrorIds.ErrIDRedirectURLNotAllowed, { reason: `Requested return_to URL "${returnTo}" is not allowed.` });
}
