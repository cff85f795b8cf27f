import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, Unique } from 'typeorm';

/** Read model of one identity (Kratos `identities`); a projection of the identity event stream. */
@Entity({ name: 'identities' })
@Unique('identities_external_id_key', ['external_id'], { deferrable: 'INITIALLY DEFERRED' })
export class IdentityEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') schema_id!: string;
  @Column('text') state!: 'active' | 'inactive';
  @Column('timestamptz') state_changed_at!: Date;
  @Column('jsonb') traits!: Record<string, unknown>;
  @Column('jsonb', { nullable: true }) metadata_public!: unknown;
  @Column('jsonb', { nullable: true }) metadata_admin!: unknown;
  /** Unique where set (a deferred constraint: a batch may move an external id from one identity to another). */
  @Column('text', { nullable: true }) external_id!: string | null;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;
  /** The last event applied to this row, and its stream version: a redelivery changes nothing. */
  @Column('uuid') last_event_id!: string;
  @Column('int') version!: number;

  @OneToMany(() => VerifiableAddressEntity, (a) => a.identity) verifiable_addresses?: VerifiableAddressEntity[];
  @OneToMany(() => RecoveryAddressEntity, (a) => a.identity) recovery_addresses?: RecoveryAddressEntity[];
  @OneToMany(() => CredentialEntity, (c) => c.identity) credentials?: CredentialEntity[];
}

@Entity({ name: 'identity_verifiable_addresses' })
@Unique('identity_verifiable_addresses_identity_via_value_key', ['identity_id', 'via', 'value'])
export class VerifiableAddressEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') identity_id!: string;
  @Column('text') value!: string;
  @Column('text') via!: 'email' | 'sms';
  @Column('boolean') verified!: boolean;
  @Column('text') status!: 'pending' | 'sent' | 'completed';
  @Column('timestamptz', { nullable: true }) verified_at!: Date | null;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;

  @ManyToOne(() => IdentityEntity, (i) => i.verifiable_addresses, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'identity_id' })
  identity?: IdentityEntity;
}

@Entity({ name: 'identity_recovery_addresses' })
@Unique('identity_recovery_addresses_identity_via_value_key', ['identity_id', 'via', 'value'])
export class RecoveryAddressEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') identity_id!: string;
  @Column('text') value!: string;
  @Column('text') via!: 'email' | 'sms';
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;

  @ManyToOne(() => IdentityEntity, (i) => i.recovery_addresses, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'identity_id' })
  identity?: IdentityEntity;
}

/** Credential metadata only (type, identifiers, version): hashes and secrets stay on the write side. */
@Entity({ name: 'identity_credentials' })
export class CredentialEntity {
  @PrimaryColumn('uuid') identity_id!: string;
  @PrimaryColumn('text') type!: string;
  @Column('text', { array: true }) identifiers!: string[];
  @Column('int') version!: number;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;

  @ManyToOne(() => IdentityEntity, (i) => i.credentials, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'identity_id' })
  identity?: IdentityEntity;
}

/** Every event a projector applied, by event id: the idempotency ledger (a replay rebuilds it identically). */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn('text') projection!: string;
  @PrimaryColumn('uuid') event_id!: string;
  @Column('text') type!: string;
  @Column('text') stream_id!: string;
  @Column('int') stream_version!: number;
  @Column('timestamptz') occurred_at!: Date;
}

/** The highest version of each `identity:` stream the projection has seen (every event, applied or not):
 * what POST /internal/await compares read-your-writes tokens with. */
@Entity({ name: 'stream_positions' })
export class StreamPositionEntity {
  @PrimaryColumn('text') stream_id!: string;
  @Column('int') version!: number;
}

/** How many IdentityCreated events of one import batch (PATCH /admin/identities) the projection has applied. */
@Entity({ name: 'import_progress' })
export class ImportProgressEntity {
  @PrimaryColumn('uuid') import_id!: string;
  @Column('int') applied!: number;
}

export const IDENTITY_ENTITIES = [
  IdentityEntity,
  VerifiableAddressEntity,
  RecoveryAddressEntity,
  CredentialEntity,
  ProcessedEventEntity,
  StreamPositionEntity,
  ImportProgressEntity,
];
