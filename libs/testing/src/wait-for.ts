/** Polls until the probe returns a value (not undefined/false) or the time is up; no blind sleeps. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: { timeoutMs?: number; intervalMs?: number; what?: string | (() => string) } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      lastError = undefined;
      if (value !== undefined && value !== false) return value as T;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const what = typeof options.what === 'function' ? options.what() : (options.what ?? 'condition');
      throw new Error(`timed out waiting for ${what}${describe(lastError)}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

/** The last error's message and cause (undici's "fetch failed" hides ECONNREFUSED there). Errors from
 * another realm (Node's fetch inside Jest's VM) fail `instanceof Error`, so this reads them structurally. */
function describe(error: unknown): string {
  const message = (e: unknown): string | undefined => (typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : undefined);
  const text = message(error);
  if (!text) return '';
  const cause = message((error as { cause?: unknown }).cause);
  return cause ? `: ${text} (${cause})` : `: ${text}`;
}
