import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, envName } from '@gatehouse/config';
import { BUILTIN_TEMPLATES, NoticeTemplate, TEMPLATE_PATHS, TemplateDir, TemplatePath, TemplateStatus } from './catalog';
import { TemplateSyntaxError, parseTemplate } from './gotmpl';
import { CompiledEmail, EMAIL_PARTS, EmailPart, RenderedEmail, TemplateType, renderCompiled } from './template';

/** courier.templates.<dir>.<status>.email and courier.templates.<name>.email: inline overrides (base64://…,
 * file://… or the template text). */
export interface InlineEmailOverride {
  subject?: string;
  body?: { html?: string; plaintext?: string };
}
export type InlineOverrides = Partial<Record<TemplateDir, Partial<Record<TemplateStatus, { email?: InlineEmailOverride }>>>> &
  Partial<Record<NoticeTemplate, { email?: InlineEmailOverride }>>;

export interface TemplateOverrideConfig {
  /** courier.template_override_path */
  template_override_path?: string;
  /** courier.templates */
  templates?: InlineOverrides;
}

/** The file system the loader reads (a seam for unit tests). */
export interface TemplateFiles {
  /** The file's text, or undefined when there is no such file. Other errors throw. */
  read(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

export const nodeTemplateFiles: TemplateFiles = {
  read: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
  isDirectory: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

/** Kratos's file names in `<template_override_path>/<dir>/<status>/` (ours: `<template_override_path>/<name>/`). */
export const OVERRIDE_FILES: Readonly<Record<EmailPart, string>> = {
  subject: 'email.subject.gotmpl',
  html: 'email.body.gotmpl',
  plaintext: 'email.body.plaintext.gotmpl',
};

/** The config key of an inline override. */
export function inlineKey(path: TemplatePath, part: EmailPart): string[] {
  const tail = part === 'subject' ? ['subject'] : ['body', part];
  return ['courier', 'templates', ...path, 'email', ...tail];
}

function inlineValue(config: TemplateOverrideConfig, path: TemplatePath, part: EmailPart): string | undefined {
  let node: unknown = config.templates;
  for (const segment of path) node = (node as Record<string, unknown> | undefined)?.[segment];
  const email = (node as { email?: InlineEmailOverride } | undefined)?.email;
  const value = part === 'subject' ? email?.subject : email?.body?.[part];
  return value === undefined || value === '' ? undefined : value;
}

/** An inline value as Kratos reads it: base64://<standard or URL-safe base64>, file://<path>, or (ours) the
 * template text itself. Remote http(s):// templates are refused rather than sent as text. */
export function resolveInlineTemplate(value: string, files: TemplateFiles): string {
  if (value.startsWith('base64://')) {
    const encoded = value.slice('base64://'.length).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(encoded)) throw new Error('is not valid base64 after base64://');
    return Buffer.from(encoded, 'base64').toString('utf8');
  }
  if (value.startsWith('file://')) {
    const path = value.slice('file://'.length);
    const text = files.read(path);
    if (text === undefined) throw new Error(`file ${path} does not exist`);
    return text;
  }
  if (/^https?:\/\//i.test(value)) throw new Error('remote (http/https) templates are not supported: use base64:// or file://');
  return value;
}

/** Every template the notifier can send, each part either overridden or built-in, parsed once. */
export class CourierTemplates {
  private constructor(private readonly compiled: ReadonlyMap<TemplateType, CompiledEmail>) {}

  /** The built-ins only. */
  static builtin(): CourierTemplates {
    return CourierTemplates.load({});
  }

  /** Resolves every part: inline (courier.templates) over the override folder over the built-in, as Kratos
   * does; parses them all. Any problem throws one ConfigError naming each key or file. */
  static load(config: TemplateOverrideConfig, files: TemplateFiles = nodeTemplateFiles): CourierTemplates {
    const problems: string[] = [];
    const folder = config.template_override_path;
    const folderKey = ['courier', 'template_override_path'];
    const folderOk = folder !== undefined && files.isDirectory(folder);
    if (folder !== undefined && !folderOk) problems.push(problem(folderKey, `${folder} is not a directory`));
    const compiled = new Map<TemplateType, CompiledEmail>();
    for (const { type, path } of TEMPLATE_PATHS) {
      const builtin = BUILTIN_TEMPLATES[type];
      const email = {} as CompiledEmail;
      for (const part of EMAIL_PARTS) {
        let source = builtin.sources[part];
        let name = `${type}/${OVERRIDE_FILES[part]} (built-in)`;
        let key = folderKey;
        try {
          const inline = inlineValue(config, path, part);
          const file = folderOk ? join(folder, ...path, OVERRIDE_FILES[part]) : undefined;
          const fromFile = inline === undefined && file !== undefined ? files.read(file) : undefined;
          if (inline !== undefined) {
            key = inlineKey(path, part);
            name = key.join('.');
            source = resolveInlineTemplate(inline, files);
          } else if (fromFile !== undefined) {
            name = file!;
            source = fromFile;
          }
          email[part] = parseTemplate(source, name);
        } catch (e) {
          const message = e instanceof TemplateSyntaxError ? e.message : `${name}: ${(e as Error).message}`;
          problems.push(problem(key, message));
        }
      }
      compiled.set(type, email);
    }
    if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
    return new CourierTemplates(compiled);
  }

  /** Renders a template with a model in Kratos's JSON names (templates also see the Go field names). */
  render(type: TemplateType, model: object): RenderedEmail {
    const email = this.compiled.get(type);
    if (!email) throw new Error(`unknown template type ${type}`);
    return renderCompiled(email, model);
  }
}

function problem(key: readonly string[], message: string): string {
  return `  ${key.join('.')} (env ${envName(key)}): ${message}`;
}
