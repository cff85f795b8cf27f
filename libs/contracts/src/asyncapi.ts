import { z } from 'zod';
import { EVENT_CONTRACTS } from './events/catalogue';
import { TOPIC_DEFINITIONS } from './topics';

/** The AsyncAPI 3 document of every event the suite publishes, built from the contracts themselves
 * (docs/asyncapi.json is this, written out; a unit test keeps the two equal). */
export function asyncApiDocument(): Record<string, unknown> {
  const messages = Object.fromEntries(
    EVENT_CONTRACTS.map((c) => [
      `${c.name}V${c.version}`,
      {
        name: c.ceType,
        title: `${c.name} v${c.version}`,
        contentType: 'application/json',
        headers: {
          type: 'object',
          required: ['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_subject'],
          properties: {
            ce_specversion: { const: '1.0' },
            ce_id: { type: 'string', format: 'uuid', description: 'Event id; a redelivery carries the same id.' },
            ce_type: { const: c.ceType },
            ce_source: { type: 'string' },
            ce_time: { type: 'string', format: 'date-time' },
            ce_subject: { type: 'string', format: 'uuid', description: 'The identity id (the import id for IdentitiesImported); also the record key.' },
            ge_stream_version: { type: 'string', description: 'Position of the event in its identity stream (1, 2, …).' },
          },
        },
        payload: z.toJSONSchema(c.schema, { target: 'draft-2020-12' }),
        bindings: { kafka: { key: { type: 'string', format: 'uuid' } } },
      },
    ]),
  );
  const channels = Object.fromEntries(
    TOPIC_DEFINITIONS.map((t) => [
      t.name,
      {
        address: t.name,
        messages: Object.fromEntries(EVENT_CONTRACTS.filter((c) => c.topic === t.name).map((c) => [`${c.name}V${c.version}`, { $ref: `#/components/messages/${c.name}V${c.version}` }])),
        bindings: { kafka: { partitions: t.partitions } },
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Gatehouse identity events',
      version: '1.0.0',
      description: 'CloudEvents 1.0 in Kafka binary mode (attributes as ce_* headers, data as the JSON value), keyed by identity id. Events never carry passwords, hashes or plaintext one-time codes.',
    },
    defaultContentType: 'application/json',
    channels,
    operations: Object.fromEntries(TOPIC_DEFINITIONS.map((t) => [`publish:${t.name}`, { action: 'send', channel: { $ref: `#/channels/${t.name.replaceAll('/', '~1')}` } }])),
    components: { messages },
  };
}
