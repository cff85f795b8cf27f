import { render } from '../../template';
import { VerificationCodeValidModel, verificationCodeValid, verificationUrl } from './email';

const model = (over: Partial<VerificationCodeValidModel> = {}): VerificationCodeValidModel => ({
  to: 'ada@example.org',
  verification_code: '042917',
  verification_url: verificationUrl('http://127.0.0.1:4433/', 'f0e1d2c3-0000-4000-8000-000000000001', '042917'),
  identity: { id: '0b5c6e1e-8a39-4a0e-9a52-2a3f6f2d8e11', schema_id: 'default', traits: { email: 'ada@example.org' } },
  expires_in_minutes: 60,
  ...over,
});

describe('verification_code_valid template', () => {
  it('has the Kratos template type and its built-in subject', () => {
    expect(verificationCodeValid.type).toBe('verification_code_valid');
    expect(render(verificationCodeValid, model()).subject).toBe('Please verify your email address');
  });

  it('puts the code and the verification URL into the plaintext body', () => {
    const { text } = render(verificationCodeValid, model());
    expect(text).toContain('042917');
    expect(text).toContain('http://127.0.0.1:4433/self-service/verification?flow=f0e1d2c3-0000-4000-8000-000000000001&code=042917');
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('puts the code and a link to the verification URL into the HTML body', () => {
    const { html } = render(verificationCodeValid, model());
    expect(html).toContain('<strong>042917</strong>');
    expect(html).toContain('<a href="http://127.0.0.1:4433/self-service/verification?flow=f0e1d2c3-0000-4000-8000-000000000001&amp;code=042917">');
  });

  it('escapes what it puts into HTML', () => {
    const { html } = render(verificationCodeValid, model({ verification_url: 'http://x/?a=1&b="<2>"' }));
    expect(html).toContain('http://x/?a=1&amp;b=&quot;&lt;2&gt;&quot;');
    expect(html).not.toContain('"<2>"');
  });
});

describe('verificationUrl', () => {
  it.each([
    ['http://127.0.0.1:4433/', 'http://127.0.0.1:4433/self-service/verification?flow=f0e1d2c3-0000-4000-8000-000000000001&code=123456'],
    ['http://127.0.0.1:4433', 'http://127.0.0.1:4433/self-service/verification?flow=f0e1d2c3-0000-4000-8000-000000000001&code=123456'],
    ['https://auth.example.org/kratos/', 'https://auth.example.org/kratos/self-service/verification?flow=f0e1d2c3-0000-4000-8000-000000000001&code=123456'],
    ['https://auth.example.org/kratos?x=1', 'https://auth.example.org/kratos/self-service/verification?flow=f0e1d2c3-0000-4000-8000-000000000001&code=123456'],
  ])('joins %s with /self-service/verification', (base, expected) => {
    expect(verificationUrl(base, 'f0e1d2c3-0000-4000-8000-000000000001', '123456')).toBe(expected);
  });
});
