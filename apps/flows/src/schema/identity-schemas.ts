import { KratosError } from '@gatehouse/contracts';
import { DEFAULT_SCHEMA, IdentitySchema, SchemaSource, loadIdentitySchema } from './identity-schema';
import { FieldError, TraitsValidator, Violation } from './traits-validator';

/** The configured identity schemas by id (`identity.schemas`), with `default` built in. */
export class IdentitySchemas {
  private readonly byId = new Map<string, IdentitySchema>();
  private readonly validator = new TraitsValidator();

  constructor(
    sources: readonly SchemaSource[],
    readonly defaultId: string,
  ) {
    this.byId.set(DEFAULT_SCHEMA.id, DEFAULT_SCHEMA);
    for (const source of sources) this.byId.set(source.id, loadIdentitySchema(source));
    if (!this.byId.has(defaultId)) throw new Error(`identity.default_schema_id: no schema with id "${defaultId}"`);
  }

  /** The schema a new flow uses: the requested one, or the default. */
  resolve(requested?: string): IdentitySchema {
    const id = requested ?? this.defaultId;
    const schema = this.byId.get(id);
    if (!schema) throw KratosError.badRequest(`The identity schema "${id}" is not known.`);
    return schema;
  }

  all(): IdentitySchema[] {
    return [...this.byId.values()];
  }

  find(id: string): IdentitySchema | undefined {
    return this.byId.get(id);
  }

  validate(schema: IdentitySchema, traits: unknown): FieldError[] {
    return this.validator.validate(schema, traits);
  }

  violations(schema: IdentitySchema, traits: unknown): Violation[] {
    return this.validator.violations(schema, traits);
  }
}
