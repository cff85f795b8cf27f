import { EventEnvelope } from '@gatehouse/contracts';
import { ScratchTopic } from '@gatehouse/testing';
import { RunningIdentity, startIdentity } from '../src/app';
import { migrateIdentity } from '../src/migrate';
import { identityTestConfig, TestSchema } from './infra';

/** The identity service in-process on a free port, with its own topic and schema, fed by publishing events. */
export class IdentityServiceHarness {
  readonly topic: ScratchTopic;
  readonly schema: TestSchema;
  service!: RunningIdentity;

  constructor(prefix: string) {
    this.topic = new ScratchTopic(prefix);
    this.schema = new TestSchema(identityTestConfig(prefix, this.topic.name));
  }

  get url(): string {
    return this.service.url;
  }

  async start(): Promise<this> {
    const config = this.schema.config;
    await Promise.all([migrateIdentity(config), this.topic.create()]);
    this.service = await startIdentity(config, { logLevels: ['error'] });
    return this;
  }

  async stop(): Promise<void> {
    await this.service?.close();
    await this.topic.delete();
    await this.schema.close();
  }

  /** Publishes the events and waits, as the gateway does, until the projection has seen the last one. */
  async applied(...events: EventEnvelope[]): Promise<void> {
    await this.topic.publish(...events);
    const last = events[events.length - 1];
    const res = await fetch(`${this.url}/internal/await`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens: [`${last.streamId}@${last.streamVersion}`], timeout_ms: 15_000 }),
    });
    const answer = (await res.json()) as { caught_up?: boolean };
    if (answer.caught_up !== true) throw new Error(`the projection did not catch up with ${last.streamId}@${last.streamVersion}: ${JSON.stringify(answer)}`);
  }
}
