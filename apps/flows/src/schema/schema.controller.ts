import { Controller, Get, Header, Param } from '@nestjs/common';
import { KratosError } from '@gatehouse/contracts';
import { IdentitySchemas } from './identity-schemas';

/** Kratos's public identity schema endpoints: the list, and one schema by id (plain or as schema_url encodes it). */
@Controller('schemas')
export class SchemaController {
  constructor(private readonly schemas: IdentitySchemas) {}

  @Get()
  @Header('cache-control', 'private, no-cache, no-store, must-revalidate')
  list(): Array<{ id: string; schema: unknown }> {
    return this.schemas.all().map((s) => ({ id: s.id, schema: s.schema }));
  }

  @Get(':id')
  @Header('cache-control', 'private, no-cache, no-store, must-revalidate')
  get(@Param('id') id: string): unknown {
    const schema = this.schemas.find(id) ?? this.schemas.find(Buffer.from(id, 'base64url').toString('utf8'));
    if (!schema) throw new KratosError(404, { reason: `The identity schema "${id}" could not be found.` });
    return schema.schema;
  }
}
