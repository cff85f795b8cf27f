import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityView } from '@gatehouse/contracts';
import { IdentityConfig } from '../config.schema';
import { CredentialEntity, IdentityEntity } from '../database/entities';
import { loadIdentityRow, loadIdentityRows, streamVersionOf } from '../database/identity.store';
import { IDENTITY_CONFIG } from '../identity.constants';
import { toAdminIdentityView } from './identity.view';
import { ListIdentitiesQuery, MAX_IDS } from './list-identities.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Credential types whose identifiers Kratos normalizes before matching credentials_identifier; oidc matches raw. */
const NORMALIZED_TYPES = ['password', 'webauthn', 'code'];

/** One identity as the admin GET answers it, and the version of its stream that the answer shows (its ETag). */
export interface VersionedView {
  view: IdentityView;
  version: number;
}

export interface IdentityPage {
  items: IdentityView[];
  /** The last id of this page when another page follows. */
  next?: string;
}

/** Read-side queries the admin API answers from the projection. */
@Injectable()
export class IdentityQueries {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** The admin view of one identity with its stream version, or undefined for an unknown or malformed id. The
   * version is read before the document (the projector moves both in one transaction), so the document is never
   * older than the version: when an event lands in between, the version is the stale one (a conditional write with
   * it answers 412), never one newer than what the answer shows. */
  async adminView(id: string): Promise<VersionedView | undefined> {
    if (!UUID.test(id)) return undefined;
    const m = this.dataSource.manager;
    const position = await streamVersionOf(m, id.toLowerCase());
    const row = await loadIdentityRow(m, id.toLowerCase());
    return row ? { view: toAdminIdentityView(row, this.config.serve.public.base_url), version: Math.max(position, row.version) } : undefined;
  }

  /** The admin view of the identity with this external_id, or undefined. */
  async adminViewByExternalId(externalId: string): Promise<VersionedView | undefined> {
    const found = await this.dataSource.manager.findOne(IdentityEntity, { select: { id: true }, where: { external_id: externalId } });
    return found ? this.adminView(found.id) : undefined;
  }

  /** One page of identities ordered by id (ids: every match, at most 500, unpaged). */
  async list(query: ListIdentitiesQuery): Promise<IdentityPage> {
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(IdentityEntity, 'i').select('i.id', 'id').orderBy('i.id', 'ASC');
    if (query.after !== undefined) qb.andWhere('i.id > :after', { after: query.after });
    // The read model has no organizations (organization_id is always null): a given organization matches nothing.
    if (query.organizationId !== undefined) qb.andWhere('false');
    const credentials = (condition: string) =>
      `EXISTS ${qb.subQuery().select('1').from(CredentialEntity, 'c').where('c.identity_id = i.id').andWhere(condition).getQuery()}`;
    const { filter } = query;
    if (filter.kind === 'ids') qb.andWhere('i.id IN (:...ids)', { ids: filter.ids });
    if (filter.kind === 'identifier') {
      qb.andWhere(
        credentials(`((c.type IN (:...normalizedTypes) AND c.identifiers @> ARRAY[:normalized]::text[]) OR (c.type = 'oidc' AND c.identifiers @> ARRAY[:raw]::text[]))`),
        { normalizedTypes: NORMALIZED_TYPES, normalized: filter.normalized, raw: filter.raw },
      );
    }
    if (filter.kind === 'similar') {
      // Kratos's preview similarity search, approximated by a case-insensitive substring match.
      const pattern = `%${filter.value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(credentials(`EXISTS (SELECT 1 FROM unnest(c.identifiers) AS x(v) WHERE x.v ILIKE :pattern)`), { pattern });
    }
    const limit = filter.kind === 'ids' ? MAX_IDS : query.pageSize;
    const ids = (await qb.limit(limit + 1).getRawMany<{ id: string }>()).map((r) => r.id);
    const more = ids.length > limit;
    const pageIds = more ? ids.slice(0, limit) : ids;
    const rows = await loadIdentityRows(m, pageIds);
    const base = this.config.serve.public.base_url;
    return {
      items: rows.map((row) => toAdminIdentityView(row, base, { credentials: query.includeCredentials })),
      ...(more ? { next: pageIds[pageIds.length - 1] } : {}),
    };
  }
}
