import { Controller, Get, Param } from '@nestjs/common';
import { IdentityView, KratosError } from '@gatehouse/contracts';
import { IdentityQueries } from './identity.queries';

/** Kratos's admin identity API (the gateway forwards :4434/admin/identities/{id} here verbatim). */
@Controller()
export class IdentitiesController {
  constructor(private readonly queries: IdentityQueries) {}

  /** GET /admin/identities/{id}; `/identities/{id}` is the pre-v0.11 admin path, kept for old clients. */
  @Get(['admin/identities/:id', 'identities/:id'])
  async getIdentity(@Param('id') id: string): Promise<IdentityView> {
    const view = await this.queries.adminView(id);
    // Kratos answers an unknown (or unparsable) id with sqlcon's ErrNoRows.
    if (!view) throw new KratosError(404, { message: 'Unable to locate the resource' });
    return view;
  }
}
