import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Messages, UiText } from '@gatehouse/contracts';
import { IdentitySchema } from './identity-schema';

/** A validation problem on a node (`traits.email`) or on the whole form (node undefined). */
export interface FieldError {
  node?: string;
  message: UiText;
}

/** Validates traits against an identity schema, reporting errors with Kratos's message ids. */
export class TraitsValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  validate(schema: IdentitySchema, traits: unknown): FieldError[] {
    return this.violations(schema, traits).map((v) => v.error);
  }

  /** The errors with where they are: the instance (`#/traits/email`) and the schema keyword that failed, as
   * Kratos's admin API names them in a 400 (`I[#/traits/email] S[#/properties/traits/properties/email/format] …`). */
  violations(schema: IdentitySchema, traits: unknown): Violation[] {
    let fn = this.compiled.get(schema.id);
    if (!fn) {
      fn = this.ajv.compile(schema.schema);
      this.compiled.set(schema.id, fn);
    }
    if (fn({ traits })) return [];
    return (fn.errors ?? []).map((e) => ({ instancePath: `#${e.instancePath}`, schemaPath: e.schemaPath, error: toFieldError(e) }));
  }
}

export interface Violation {
  instancePath: string;
  schemaPath: string;
  error: FieldError;
}

function nodeName(instancePath: string): string | undefined {
  const parts = instancePath.split('/').filter(Boolean);
  return parts.length === 0 ? undefined : parts.join('.');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

export function toFieldError(e: ErrorObject): FieldError {
  const node = nodeName(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const property = String(p.missingProperty);
      return { node: node ? `${node}.${property}` : property, message: Messages.ErrorValidationRequired(property) };
    }
    case 'format':
      return { node, message: Messages.ErrorValidationGeneric(`${JSON.stringify(e.data)} is not valid ${JSON.stringify(p.format)}`) };
    case 'minLength':
      return { node, message: Messages.ErrorValidationMinLength(p.limit as number, String(e.data).length) };
    case 'maxLength':
      return { node, message: Messages.ErrorValidationMaxLength(p.limit as number, String(e.data).length) };
    case 'pattern':
      return { node, message: Messages.ErrorValidationInvalidFormat(p.pattern as string) };
    case 'type':
      return { node, message: Messages.ErrorValidationWrongType(p.type as string, describe(e.data)) };
    case 'additionalProperties':
      return { node, message: Messages.ErrorValidationGeneric(`additionalProperties ${JSON.stringify(p.additionalProperty)} not allowed`) };
    default:
      return { node, message: Messages.ErrorValidationGeneric(e.message ?? 'is invalid') };
  }
}
