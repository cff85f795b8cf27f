import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import type { DispatchStatus, MessageStatus } from '../courier/message-status';

/** One courier message (Kratos `courier_messages`): a projection owned by the notifier, created when the
 * mail job is enqueued and updated by every delivery attempt. `body` is the rendered plaintext with the
 * one-time code (and the link that carries it) replaced by `******`: the code itself is never stored. */
@Entity({ name: 'courier_messages' })
export class CourierMessageEntity {
  @PrimaryColumn('uuid') id!: string;
  /** The event that asked for the message: UNIQUE with the recipient, so a redelivered or replayed event never
   * makes a second message to an address (an event that names several addresses has one message per address). */
  @Column('uuid') source_event_id!: string;
  @Column('text') type!: 'email' | 'phone';
  @Column('text') channel!: string;
  @Column('text') status!: MessageStatus;
  @Column('text') recipient!: string;
  @Column('text') subject!: string;
  @Column('text') body!: string;
  @Column('text') template_type!: string;
  @Column('int') send_count!: number;
  /** While set and in the future, one worker holds the message (status processing); others keep off it. */
  @Column('timestamptz', { nullable: true }) locked_until!: Date | null;
  /** Set right before an attempt hands the mail to SMTP, cleared when its dispatch is recorded: still set at
   * the next claim means that attempt died mid-send (the mail may be out). Gatehouse-specific. */
  @Column('timestamptz', { nullable: true }) send_started_at!: Date | null;
  /** A later attempt re-sent the mail after one died mid-send: the recipient may have it twice (with the
   * same Message-ID). Shown as possible_duplicate on the admin view; Gatehouse-specific. */
  @Column('boolean') possible_duplicate!: boolean;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;

  @OneToMany(() => CourierDispatchEntity, (d) => d.message) dispatches?: CourierDispatchEntity[];
}

/** One delivery attempt of a message (Kratos `courier_message_dispatches`). */
@Entity({ name: 'courier_message_dispatches' })
export class CourierDispatchEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') message_id!: string;
  @Column('text') status!: DispatchStatus;
  /** {"message": "..."}: the transport error only, never the code or the body. */
  @Column('jsonb', { nullable: true }) error!: { message: string } | null;
  /** The worker (notifier instance) that made the attempt; not part of Kratos's shape. */
  @Column('text') worker!: string;
  @Column('timestamptz') created_at!: Date;
  @Column('timestamptz') updated_at!: Date;

  @ManyToOne(() => CourierMessageEntity, (m) => m.dispatches, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: CourierMessageEntity;
}

/** The notifier's own identity projection (fed by IdentityRegistered, IdentityCreated, IdentityUpdated and
 * IdentityDeleted): the traits that mails for later events (VerificationRequested, RecoveryRequested, which
 * carry none) are rendered with. A deleted identity keeps a tombstone row (deleted, no schema, no traits). */
@Entity({ name: 'notifier_identities' })
export class NotifierIdentityEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { nullable: true }) schema_id!: string | null;
  @Column('jsonb', { nullable: true }) traits!: Record<string, unknown> | null;
  /** The streamVersion of the event that wrote the row: an event of a lower one changes nothing. */
  @Column('int') version!: number;
  @Column('boolean') deleted!: boolean;
  /** The occurredAt of the event that wrote the row (event data only: a replay writes the same row). */
  @Column('timestamptz') updated_at!: Date;
  @Column('uuid') last_event_id!: string;
}

export const NOTIFIER_ENTITIES = [CourierMessageEntity, CourierDispatchEntity, NotifierIdentityEntity];
