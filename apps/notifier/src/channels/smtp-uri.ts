/** Kratos's courier.smtp.connection_uri, turned into the options of a nodemailer SMTP transport.
 * smtp://user:pass@host:port/  → STARTTLS required (Kratos enforces it), unless ?disable_starttls=true
 * smtps://user:pass@host:port/ → implicit TLS
 * ?skip_ssl_verify=true skips certificate checks; ?server_name= sets the TLS server name (SNI). */
export interface SmtpTransportOptions {
  host: string;
  port?: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  auth?: { user: string; pass: string };
  tls: { rejectUnauthorized: boolean; servername: string };
}

export class SmtpUriError extends Error {}

/** Go's strconv.ParseBool, which Kratos uses for the query flags. */
function parseBool(name: string, value: string | null): boolean {
  if (value === null || value === '') return false;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new SmtpUriError(`query flag ${name} must be true or false, got "${value}"`);
}

export function parseSmtpUri(uri: string): SmtpTransportOptions {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new SmtpUriError('must be a URL like smtp://user:pass@host:port/ or smtps://user:pass@host:port/');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'smtp' && scheme !== 'smtps') throw new SmtpUriError(`scheme must be smtp:// or smtps://, got ${scheme}://`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new SmtpUriError('must name a host');
  const disableStartTls = parseBool('disable_starttls', url.searchParams.get('disable_starttls'));
  const skipVerify = parseBool('skip_ssl_verify', url.searchParams.get('skip_ssl_verify'));
  const secure = scheme === 'smtps';
  const user = decodeURIComponent(url.username);
  return {
    host,
    port: url.port ? Number(url.port) : undefined,
    secure,
    requireTLS: !secure && !disableStartTls,
    ignoreTLS: !secure && disableStartTls,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    tls: { rejectUnauthorized: !skipVerify, servername: url.searchParams.get('server_name') || host },
  };
}

/** The problem with a connection URI, or undefined when it is usable. */
export function smtpUriProblem(uri: string): string | undefined {
  try {
    parseSmtpUri(uri);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
