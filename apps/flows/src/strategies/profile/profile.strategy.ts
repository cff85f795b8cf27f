import { randomUUID } from 'node:crypto';
import { Messages, TraitsChanged, UiNode } from '@gatehouse/contracts';
import { deriveCredentials } from '../../schema/traits';
import type { IdentitySchemas } from '../../schema/identity-schemas';
import { input, traitNodes } from '../../ui/nodes';
import { NodeTarget, SettingsContext, SettingsResult, Strategy, Submits } from '../strategy';
import { profileChange } from './profile-change';

/** The `profile` method (kratos:selfservice/strategy/profile): the settings flow's traits form. A change is
 * validated by the identity schema and recorded as TraitsChanged; an address whose value changed becomes a new,
 * unverified one. Only a change of identifiers or addresses needs a privileged session (Kratos's protected fields). */
export class ProfileStrategy implements Strategy {
  readonly id = 'profile';
  readonly credentialType = null;
  readonly submit: Pick<Submits, 'settings'>;

  constructor(
    private readonly validator: Pick<IdentitySchemas, 'validate'>,
    newId: () => string = randomUUID,
  ) {
    this.submit = { settings: (i, ctx) => Promise.resolve(this.settings(i, ctx, newId)) };
  }

  /** The traits (what the last refused submit carried, else the identity's) in group profile and "Save". */
  nodes(t: NodeTarget): UiNode[] {
    if (t.kind !== 'settings') return [];
    const submitted = t.flow.ui?.values?.traits;
    const values = submitted && typeof submitted === 'object' ? (submitted as Record<string, unknown>) : t.identity.traits;
    return [...traitNodes(t.schema, 'profile', values), input('profile', { name: 'method', type: 'submit', value: 'profile' }, Messages.InfoNodeLabelSave())];
  }

  private settings(body: Record<string, unknown>, ctx: SettingsContext, newId: () => string): SettingsResult {
    const traits = body.traits;
    if (!traits || typeof traits !== 'object' || Array.isArray(traits)) return { fields: [{ node: 'traits', message: Messages.ErrorValidationRequired('traits') }] };
    const errors = this.validator.validate(ctx.schema, traits);
    if (errors.length > 0) return { fields: errors };
    const derived = deriveCredentials(ctx.schema, traits as Record<string, unknown>);
    const { data, protectedChange } = profileChange(ctx, traits as Record<string, unknown>, derived, newId);
    return { change: { events: [{ type: TraitsChanged.V1.name, version: 1, data }], protected: protectedChange } };
  }
}
