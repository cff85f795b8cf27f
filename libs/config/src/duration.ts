import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses Go-style durations as Kratos writes them ("1h", "10m", "1h30m", "250ms") into milliseconds. */
export function parseDuration(text: string): number {
  const parts = text.trim().match(/(\d+(?:\.\d+)?)(ms|s|m|h)/g);
  if (!parts || parts.join('') !== text.trim()) throw new Error(`"${text}" is not a duration like 1h, 10m, 30s or 250ms`);
  return parts.reduce((sum, part) => {
    const [, n, unit] = part.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/) as RegExpMatchArray;
    return sum + Number(n) * UNIT_MS[unit];
  }, 0);
}

/** Duration text, read as milliseconds (a parse error names the bad value). */
const durationText = () =>
  z.string().transform((text, ctx) => {
    try {
      return parseDuration(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

/** A duration setting: written as text, read as milliseconds. */
export function duration(defaultValue: string) {
  return z.string().default(defaultValue).pipe(durationText());
}

/** A duration setting without a default (undefined when unset). */
export function optionalDuration() {
  return durationText().optional();
}
