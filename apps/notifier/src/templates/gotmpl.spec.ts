import { TemplateSyntaxError, executeTemplate, parseTemplate, truthy } from './gotmpl';

const run = (source: string, data: unknown, html = false) => executeTemplate(parseTemplate(source, 't'), data, { html });
const parseError = (source: string): string => {
  try {
    parseTemplate(source, 'email.subject.gotmpl');
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateSyntaxError);
    return (e as Error).message;
  }
  throw new Error('expected a parse error');
};

const data = {
  To: 'ada@example.org',
  VerificationCode: '042917',
  ExpiresInMinutes: 15,
  Identity: { id: 'i-1', traits: { email: 'ada@example.org', name: { first: 'Ada', last: '<Lovelace>' }, admin: false, tags: [] } },
};

describe('gotmpl: substitutions', () => {
  it('prints text as is and fields and dotted paths', () => {
    expect(run('Hi {{ .Identity.traits.name.first }}, code {{.VerificationCode}} for {{ .To }}', data)).toBe('Hi Ada, code 042917 for ada@example.org');
  });

  it('prints numbers, booleans, and maps as JSON', () => {
    expect(run('{{ .ExpiresInMinutes }} {{ .Identity.traits.admin }} {{ .Identity.traits.name }}', data)).toBe('15 false {"first":"Ada","last":"<Lovelace>"}');
  });

  it('renders unknown fields (and paths through missing or non-object values) empty', () => {
    expect(run('[{{ .Nope }}][{{ .Identity.traits.nope.deeper }}][{{ .To.length }}][{{ .Identity.traits.constructor }}]', data)).toBe('[][][][]');
  });

  it('supports . and $ for the root', () => {
    expect(run('{{ $.To }}|{{ . }}', 'x')).toBe('|x');
    expect(run('{{ $.To }}', data)).toBe('ada@example.org');
  });

  it('leaves text without actions alone, including single braces', () => {
    expect(run('a { b } c }}', {})).toBe('a { b } c }}');
  });

  it('HTML-escapes substitutions in HTML mode only, never the template text', () => {
    expect(run('<b>{{ .Identity.traits.name.last }}</b>', data, true)).toBe('<b>&lt;Lovelace&gt;</b>');
    expect(run('<b>{{ .Identity.traits.name.last }}</b>', data, false)).toBe('<b><Lovelace></b>');
    expect(run('<a href="{{ .U }}">', { U: `http://x/?a=1&b="'` }, true)).toBe('<a href="http://x/?a=1&amp;b=&quot;&#39;">');
  });
});

describe('gotmpl: if/else', () => {
  it.each([
    ['{{ if .Identity.traits.name.first }}Hi {{ .Identity.traits.name.first }}{{ else }}Hi{{ end }}', 'Hi Ada'],
    ['{{ if .Identity.traits.missing }}yes{{ else }}no{{ end }}', 'no'],
    ['{{ if .Identity.traits.admin }}yes{{ else }}no{{ end }}', 'no'],
    ['{{ if .Identity.traits.tags }}yes{{ else }}no{{ end }}', 'no'],
    ['{{ if not .Identity.traits.admin }}yes{{ end }}', 'yes'],
    ['{{ if .A }}a{{ else if .ExpiresInMinutes }}b{{ else }}c{{ end }}', 'b'],
    ['{{ if .A }}a{{ else if .B }}b{{ end }}', ''],
    ['{{ if .To }}{{ if .Identity.traits.admin }}x{{ else }}y{{ end }}{{ end }}', 'y'],
  ])('%s → %j', (source, expected) => {
    expect(run(source, data)).toBe(expected);
  });

  it('follows Go truth', () => {
    expect([false, 0, '', null, undefined, [], {}].map(truthy)).toEqual([false, false, false, false, false, false, false]);
    expect([true, 1, 'x', [0], { a: 1 }].map(truthy)).toEqual([true, true, true, true, true]);
  });
});

describe('gotmpl: trim markers and comments', () => {
  it('trims whitespace before {{- and after -}}', () => {
    expect(run('Hi  \n  {{- .To -}}  \n  !', data)).toBe('Hiada@example.org!');
    expect(run('a\n{{- if .To }}\n  b\n{{- end }}\nc', data)).toBe('a\n  b\nc');
  });

  it('needs a space to be a trim marker', () => {
    expect(run('x {{ .To }} y', data)).toBe('x ada@example.org y');
  });

  it('drops comments', () => {
    expect(run('a{{/* a comment */}}b {{- /* trimmed */ -}} c', data)).toBe('abc');
  });
});

describe('gotmpl: parse errors name the template and the line', () => {
  it.each([
    ['line 1\n{{ .To ', /email\.subject\.gotmpl:2: unclosed action/],
    ['{{ if .To }}x', /email\.subject\.gotmpl:1: unexpected EOF, missing \{\{end\}\}/],
    ['x\n\n{{ end }}', /email\.subject\.gotmpl:3: unexpected \{\{end\}\}/],
    ['{{ else }}', /unexpected \{\{else\}\}/],
    ['{{ upper .To }}', /function "upper" not defined/],
    ['{{ .To | upper }}', /unsupported expression/],
    ['{{ range .Identity.traits.tags }}{{ end }}', /function "range" not defined/],
    ['{{ }}', /missing value for command/],
    ['{{ if }}x{{ end }}', /missing value for if/],
    ['{{ if .A }}a{{ else }}b{{ else }}c{{ end }}', /expected \{\{end\}\} after \{\{else\}\}/],
    ['{{/* open }}', /unclosed comment/],
  ])('%j', (source, why) => {
    expect(parseError(source)).toMatch(why);
  });
});
