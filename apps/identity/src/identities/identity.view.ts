import { IdentityView, adminIdentityView } from '@gatehouse/contracts';
import { IdentityRow } from '../projections/identity.projection';

/** Kratos's admin identity JSON (credentials without `config`, metadata_admin included, external_id when set).
 * `credentials: false` leaves them out, as Kratos's list does without include_credential (ExpandDefault). */
export function toAdminIdentityView(row: IdentityRow, publicBaseUrl: string, options: { credentials?: boolean } = {}): IdentityView {
  const view = adminIdentityView(row, publicBaseUrl);
  if (options.credentials === false) delete view.credentials;
  return view;
}
