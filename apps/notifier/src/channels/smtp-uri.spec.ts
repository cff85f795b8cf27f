import { parseSmtpUri } from './smtp-uri';

describe('parseSmtpUri (Kratos courier.smtp.connection_uri)', () => {
  it('smtp:// requires STARTTLS by default, as Kratos enforces it', () => {
    expect(parseSmtpUri('smtp://mail.example.org:587/')).toEqual({
      host: 'mail.example.org',
      port: 587,
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      auth: undefined,
      tls: { rejectUnauthorized: true, servername: 'mail.example.org' },
    });
  });

  it('disable_starttls=true sends in the clear', () => {
    expect(parseSmtpUri('smtp://127.0.0.1:1025/?disable_starttls=true')).toMatchObject({ secure: false, requireTLS: false, ignoreTLS: true });
  });

  it('smtps:// is implicit TLS, with skip_ssl_verify and server_name', () => {
    expect(parseSmtpUri('smtps://user%40x:p%3Ass@10.0.0.5:465/?skip_ssl_verify=true&server_name=mail.example.org')).toEqual({
      host: '10.0.0.5',
      port: 465,
      secure: true,
      requireTLS: false,
      ignoreTLS: false,
      auth: { user: 'user@x', pass: 'p:ss' },
      tls: { rejectUnauthorized: false, servername: 'mail.example.org' },
    });
  });

  it('leaves the port to nodemailer when the URI has none', () => {
    expect(parseSmtpUri('smtps://mail.example.org/').port).toBeUndefined();
  });
});
