import topicList from './topics.json';

/** Every Kafka topic the suite uses, one grammar: <domain>.<visibility>.<stream>.<kind>.v<N>.
 * topics.json is the single list: scripts/create-topics.mjs creates exactly these. */
export const TOPICS = {
  identityEvents: 'identity.internal.identity.events.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const TOPIC_DEFINITIONS: ReadonlyArray<{ name: string; partitions: number }> = topicList;

for (const name of Object.values(TOPICS)) {
  if (!TOPIC_DEFINITIONS.some((t) => t.name === name)) {
    throw new Error(`topic ${name} is missing from libs/contracts/src/topics.json`);
  }
}
