/**
 * Ledger keys are parts joined by `#`. Each part is escaped first (`%`, `#`, `:` and whitespace as `%XX`), so an
 * id containing a separator can never make two different emails or notices share a key: worker `A#1` and worker
 * `A` with something after it stay apart. Plain ids (letters, digits, `-`, `_`, `.`, `@`) are unchanged, so keys
 * written before escaping existed read the same.
 */
export function keyPart(part: string | number): string {
  return String(part).replace(/[%#:\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
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
