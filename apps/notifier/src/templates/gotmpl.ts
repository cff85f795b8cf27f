import { escapeHtml } from './html';

/** The subset of Go's text/template and html/template that Kratos's courier templates use:
 * - `{{ .Field }}`, dotted paths `{{ .Identity.traits.email }}`, `{{ . }}`, and `$` for the root;
 * - `{{ if PIPE }}…{{ else if PIPE }}…{{ else }}…{{ end }}` where PIPE is a path or `not PATH`;
 * - `{{/* comments *\/}}` and the trim markers `{{- ` / ` -}}`.
 * Unknown fields render empty. In HTML mode every substitution is HTML-escaped (html/template escapes all of
 * them; this module does not do Go's contextual URL/JS escaping). Anything else (functions, sprig, range,
 * with, variables) is a parse error, so an unsupported template fails at load, not when a mail is sent. */

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

type Path = readonly string[];
interface Cond {
  path: Path;
  negate: boolean;
}
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: Path }
  | { kind: 'if'; branches: Array<{ cond: Cond; body: Node[] }>; otherwise: Node[] };

export interface ParsedTemplate {
  readonly name: string;
  readonly nodes: readonly Node[];
}

export interface ExecuteOptions {
  /** HTML-escape every substitution (html/template); false for subjects and plaintext bodies (text/template). */
  html: boolean;
}

interface Token {
  kind: 'text' | 'action';
  text: string;
  line: number;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = new RegExp(`^(?:\\$(?:\\.${IDENT})*|\\.(?:${IDENT}(?:\\.${IDENT})*)?)$`);

/** Splits the source into text and actions, applying the trim markers. */
function tokenize(source: string, name: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let line = 1;
  let trimNext = false;
  for (;;) {
    const open = source.indexOf('{{', at);
    let text = source.slice(at, open < 0 ? source.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text) tokens.push({ kind: 'text', text, line });
      return tokens;
    }
    let inner = source.slice(open + 2);
    const trimBefore = /^-\s/.test(inner);
    if (trimBefore) text = text.replace(/\s+$/, '');
    if (text) tokens.push({ kind: 'text', text, line });
    line += countLines(source.slice(at, open));
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateSyntaxError(`template ${name}:${line}: unclosed action`);
    inner = source.slice(open + 2, close);
    const trimAfter = /\s-$/.test(inner);
    const body = inner.slice(trimBefore ? 1 : 0, trimAfter ? -1 : undefined).trim();
    tokens.push({ kind: 'action', text: body, line });
    line += countLines(inner);
    trimNext = trimAfter;
    at = close + 2;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n += 1;
  return n;
}

function parsePath(expr: string, where: string): Path {
  if (!PATH.test(expr)) {
    const word = expr.split(/\s+/)[0];
    const why = /^[A-Za-z_]/.test(word) ? `function "${word}" not defined` : `unsupported expression "${expr}"`;
    throw new TemplateSyntaxError(`${where}: ${why}`);
  }
  return expr.replace(/^\$/, '').split('.').filter(Boolean);
}

function parseCond(expr: string, where: string): Cond {
  if (!expr) throw new TemplateSyntaxError(`${where}: missing value for if`);
  const negated = /^not\s+(.+)$/.exec(expr);
  return negated ? { path: parsePath(negated[1].trim(), where), negate: true } : { path: parsePath(expr, where), negate: false };
}

type Stop = 'else' | 'else-if' | 'end' | 'eof';

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly name: string,
  ) {}

  /** Parses nodes until {{else}}, {{else if}}, {{end}} or the end of the source. */
  list(): { nodes: Node[]; stop: Stop; cond?: Cond; line: number } {
    const nodes: Node[] = [];
    while (this.i < this.tokens.length) {
      const t = this.tokens[this.i++];
      if (t.kind === 'text') {
        nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const where = `template ${this.name}:${t.line}`;
      const a = t.text;
      if (a.startsWith('/*')) {
        if (!a.endsWith('*/')) throw new TemplateSyntaxError(`${where}: unclosed comment`);
        continue;
      }
      if (a === 'end') return { nodes, stop: 'end', line: t.line };
      if (a === 'else') return { nodes, stop: 'else', line: t.line };
      const elseIf = /^else\s+if\b\s*(.*)$/.exec(a);
      if (elseIf) return { nodes, stop: 'else-if', cond: parseCond(elseIf[1].trim(), where), line: t.line };
      const ifAction = /^if\b\s*(.*)$/.exec(a);
      if (ifAction) nodes.push(this.ifNode(parseCond(ifAction[1].trim(), where), where));
      else if (!a) throw new TemplateSyntaxError(`${where}: missing value for command`);
      else nodes.push({ kind: 'value', path: parsePath(a, where) });
    }
    return { nodes, stop: 'eof', line: 0 };
  }

  private ifNode(first: Cond, where: string): Node {
    const branches: Array<{ cond: Cond; body: Node[] }> = [];
    let cond = first;
    for (;;) {
      const part = this.list();
      branches.push({ cond, body: part.nodes });
      if (part.stop === 'eof') throw new TemplateSyntaxError(`${where}: unexpected EOF, missing {{end}} for {{if}}`);
      if (part.stop === 'end') return { kind: 'if', branches, otherwise: [] };
      if (part.stop === 'else-if') {
        cond = part.cond!;
        continue;
      }
      const rest = this.list();
      if (rest.stop !== 'end') throw new TemplateSyntaxError(`template ${this.name}:${rest.line || part.line}: expected {{end}} after {{else}}`);
      return { kind: 'if', branches, otherwise: rest.nodes };
    }
  }
}

/** Parses a template; throws TemplateSyntaxError naming `name` and the line. */
export function parseTemplate(source: string, name: string): ParsedTemplate {
  const parser = new Parser(tokenize(source, name), name);
  const top = parser.list();
  if (top.stop !== 'eof') throw new TemplateSyntaxError(`template ${name}:${top.line}: unexpected {{${top.stop === 'end' ? 'end' : 'else'}}}`);
  return { name, nodes: top.nodes };
}

export function lookup(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Go's truth: false, 0, nil, and empty strings, maps and slices are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function print(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function run(nodes: readonly Node[], data: unknown, options: ExecuteOptions, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'value') {
      const text = print(lookup(data, node.path));
      out.push(options.html ? escapeHtml(text) : text);
    } else {
      const branch = node.branches.find((b) => truthy(lookup(data, b.cond.path)) !== b.cond.negate);
      run(branch ? branch.body : node.otherwise, data, options, out);
    }
  }
}

export function executeTemplate(template: ParsedTemplate, data: unknown, options: ExecuteOptions): string {
  const out: string[] = [];
  run(template.nodes, data, options, out);
  return out.join('');
}
