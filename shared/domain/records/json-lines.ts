/** One line of a JSON-lines file: blank (skipped), a value, or not JSON. Shared by evaluate and import. */
export type ParsedLine = { kind: 'blank' } | { kind: 'value'; value: unknown } | { kind: 'invalid' };

export function parseJsonLine(line: string, lineNumber: number): ParsedLine {
  // Spreadsheet exports often start with a UTF-8 byte-order mark.
  const text = lineNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  if (text.trim() === '') return { kind: 'blank' };
  try {
    return { kind: 'value', value: JSON.parse(text) };
  } catch {
    return { kind: 'invalid' };
  }
}

export const NOT_JSON = 'the line is not valid JSON';
