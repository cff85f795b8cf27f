import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityView } from '@gatehouse/contracts';
import { IdentityConfig } from '../config.schema';
import { loadIdentityRow } from '../database/identity.store';
import { IDENTITY_CONFIG } from '../identity.constants';
import { toAdminIdentityView } from './identity.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Read-side queries the admin API answers from the projection. */
@Injectable()
export class IdentityQueries {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** The admin view of one identity, or undefined for an unknown or malformed id. */
  async adminView(id: string): Promise<IdentityView | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await loadIdentityRow(this.dataSource.manager, id.toLowerCase());
    return row ? toAdminIdentityView(row, this.config.serve.public.base_url) : undefined;
  }
}
