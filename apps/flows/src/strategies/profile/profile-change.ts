import { TraitsChanged } from '@gatehouse/contracts';
import type { Address, DerivedCredentials } from '../../schema/traits';
import type { SettingsContext } from '../strategy';

/** Pure: the TraitsChanged a profile submit records. An address that stays (same via and value) keeps its id and
 * verification; a new value is a new address (new id, unverified, pending). The password credential's identifiers
 * follow the identifier traits. `protectedChange`: identifiers or addresses changed (Kratos's protected fields). */
export function profileChange(
  ctx: Pick<SettingsContext, 'identity' | 'credentials' | 'flow' | 'sessionId' | 'now'>,
  traits: Record<string, unknown>,
  derived: DerivedCredentials,
  newId: () => string,
): { data: TraitsChanged.V1.Data; protectedChange: boolean } {
  const { identity } = ctx;
  const same = (a: Address) => (b: { via: string; value: string }) => b.via === a.via && b.value.toLowerCase() === a.value.toLowerCase();
  const verifiable = derived.verifiableAddresses.map((a) => {
    const kept = identity.verifiable_addresses.find(same(a));
    if (kept) return { id: kept.id, value: kept.value, via: kept.via, verified: kept.verified, status: kept.status, verified_at: kept.verified_at ?? null };
    return { id: newId(), value: a.value, via: a.via, verified: false, status: 'pending' as const, verified_at: null };
  });
  const recovery = derived.recoveryAddresses.map((a) => {
    const kept = identity.recovery_addresses.find(same(a));
    return kept ? { id: kept.id, value: kept.value, via: kept.via } : { id: newId(), value: a.value, via: a.via };
  });
  const password = ctx.credentials.password;
  const identifiers: Record<string, string[]> = password ? { password: derived.passwordIdentifiers } : {};
  const ids = (list: ReadonlyArray<{ id: string }>) => list.map((a) => a.id).sort().join(',');
  const protectedChange =
    ids(verifiable) !== ids(identity.verifiable_addresses) ||
    ids(recovery) !== ids(identity.recovery_addresses) ||
    (password !== undefined && [...password.identifiers].sort().join('\n') !== [...derived.passwordIdentifiers].sort().join('\n'));
  return {
    data: {
      identity_id: identity.id,
      flow_id: ctx.flow.id,
      session_id: ctx.sessionId,
      schema_id: identity.schema_id,
      traits,
      verifiable_addresses: verifiable,
      recovery_addresses: recovery,
      identifiers,
      changed_at: ctx.now.toISOString(),
    },
    protectedChange,
  };
}
