import { contractFor, contractForCeType } from './catalogue';
import { EventEnvelope } from './envelope';

/** CloudEvents 1.0 Kafka protocol binding, binary mode: attributes as ce_* headers, data as the value. */
export const CE_SOURCE = '/gatehouse';

export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

/** Builds the Kafka record of an event; the data is parsed with its versioned schema first. */
export function toKafkaRecord(event: EventEnvelope, source = CE_SOURCE): KafkaRecord {
  const contract = contractFor(event.type, event.version);
  if (!contract) throw new ContractViolation(`no contract for ${event.type} v${event.version}`);
  const parsed = contract.schema.safeParse(event.data);
  if (!parsed.success) throw new ContractViolation(`${event.type} v${event.version}: ${parsed.error.message}`);
  return {
    key: event.subject,
    value: JSON.stringify(parsed.data),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: contract.ceType,
      ce_source: source,
      ce_time: event.occurredAt,
      ce_subject: event.subject,
      'content-type': 'application/json',
      ge_stream_id: event.streamId,
      ge_stream_version: String(event.streamVersion),
    },
  };
}

/** Parses a Kafka record back into a typed event; throws ContractViolation on anything off-contract. */
export function fromKafkaRecord(record: { value: Buffer | string | null; headers: Record<string, string | undefined> }): EventEnvelope {
  const h = record.headers;
  const ceType = h.ce_type;
  if (!ceType || !h.ce_id || !h.ce_time || !h.ce_subject) throw new ContractViolation('missing CloudEvents headers');
  const contract = contractForCeType(ceType);
  if (!contract) throw new ContractViolation(`unknown event type ${ceType}`);
  let json: unknown;
  try {
    json = JSON.parse(String(record.value ?? ''));
  } catch {
    throw new ContractViolation(`${ceType}: value is not JSON`);
  }
  const parsed = contract.schema.safeParse(json);
  if (!parsed.success) throw new ContractViolation(`${ceType}: ${parsed.error.message}`);
  return {
    id: h.ce_id,
    type: contract.name,
    version: contract.version,
    streamId: h.ge_stream_id ?? h.ce_subject,
    streamVersion: Number(h.ge_stream_version ?? 0),
    subject: h.ce_subject,
    occurredAt: h.ce_time,
    data: parsed.data,
  };
}
