/** The status and body of an `@ory/client` (axios) call that the server refused; fails if it was not refused. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function refused(call: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await call;
  } catch (e) {
    const response = (e as { response?: { status: number; data: unknown } }).response;
    if (response) return { status: response.status, body: response.data };
    throw e;
  }
  throw new Error('expected the call to be refused');
}
