/** Stream ids of the event store: "<aggregate>:<uuid>". The Kafka key is the bare uuid. */
export const streamId = {
  identity: (identityId: string): string => `identity:${identityId}`,
  session: (sessionId: string): string => `session:${sessionId}`,
  loginFlow: (flowId: string): string => `login_flow:${flowId}`,
  /** One batch of PATCH /admin/identities (its IdentitiesImported summary). */
  importBatch: (importId: string): string => `import:${importId}`,
};

export function subjectOf(stream: string): string {
  const at = stream.indexOf(':');
  return at < 0 ? stream : stream.slice(at + 1);
}
