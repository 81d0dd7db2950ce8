/**
 * Ledger keys are parts joined by `#`. Each part is escaped first (`%`, `#`, `:`, whitespace and control characters
 * as `%XX`, or `%uXXXX` beyond U+00FF), so an
 * id containing a separator can never make two different emails or notices share a key: worker `A#1` and worker
 * `A` with something after it stay apart. Plain ids (letters, digits, `-`, `_`, `.`, `@`) are unchanged, so keys
 * written before escaping existed read the same.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are escaped in keys
const KEY_ESCAPED = /[%#:\s\u0000-\u001F\u007F-\u009F]/g;

export function keyPart(part: string | number): string {
  // Control characters too: the key travels in the X-Reminder-Reference header, which carries none.
  return String(part).replace(KEY_ESCAPED, (c) => {
    const hex = c.charCodeAt(0).toString(16).toUpperCase();
    return c.charCodeAt(0) > 0xff ? `%u${hex.padStart(4, '0')}` : `%${hex.padStart(2, '0')}`;
  });
}

/** `kind:id` with the id escaped, e.g. `worker:W%23001`. */
export function tagged(kind: string, id: string): string {
  return `${kind}:${keyPart(id)}`;
}

/** Joins parts that are already escaped (fixed words, `tagged` values) or plain values, escaping the latter. */
export function ledgerKey(...parts: (string | number | { escaped: string })[]): string {
  return parts.map((p) => (typeof p === 'object' ? p.escaped : keyPart(p))).join('#');
}

/** Marks a value as already escaped (built by `tagged` or `ledgerKey`). */
export const escaped = (value: string): { escaped: string } => ({ escaped: value });

/** The value a key part was escaped from (`W%231` → `W#1`). */
export function unescapeKeyPart(part: string): string {
  return part.replace(/%u([0-9A-F]{4})|%([0-9A-F]{2})/g, (_, wide: string | undefined, hex: string | undefined) =>
    String.fromCharCode(Number.parseInt(wide ?? hex ?? '', 16)),
  );
}
