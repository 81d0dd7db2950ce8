/** The command line's buffered output: every line once, in order, whole, under back-pressure and past its chunk. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../cli/io.js';

/**
 * A writable that keeps every chunk's bytes. A slow one reads them only when it finishes with the chunk, as a pipe
 * or a file does: bytes changed under it before then would show.
 */
function collector(options: { highWaterMark?: number; delayMs?: number } = {}) {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16_384,
    write(chunk: Buffer, _encoding, callback) {
      if (!options.delayMs) {
        chunks.push(Buffer.from(chunk));
        callback();
        return;
      }
      setTimeout(() => {
        chunks.push(Buffer.from(chunk));
        callback();
      }, options.delayMs);
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), chunks };
}

/** Where two long texts first differ (a short excerpt of each), or undefined: a failure prints a line, not megabytes. */
function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `at ${i} of ${expected.length}: got ${JSON.stringify(actual.slice(i, i + 40))}, expected ${JSON.stringify(expected.slice(i, i + 40))}`;
}

async function writeAll(out: Output, lines: string[]): Promise<void> {
  for (const line of lines) {
    out.write(line);
    await out.flushIfFull();
  }
  await out.flush();
}

describe('Output', () => {
  it('writes each line once, in order, with its newline, across many chunks', async () => {
    const c = collector();
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(i % 97)}"}`);
    await writeAll(new Output(c.stream), lines);
    expect(firstDifference(c.text(), `${lines.join('\n')}\n`)).toBeUndefined();
    expect(c.chunks.length).toBeGreaterThan(1);
  });

  it('encodes characters outside ASCII as UTF-8, never splitting one between chunks', async () => {
    const c = collector();
    const lines = Array.from({ length: 60_000 }, (_, i) => `${i} 16½ — “quoted” 🙂`);
    await writeAll(new Output(c.stream), lines);
    for (const chunk of c.chunks) expect(chunk.toString('utf8')).not.toContain('\uFFFD');
    expect(firstDifference(c.text(), `${lines.join('\n')}\n`)).toBeUndefined();
  });

  it('takes a line longer than its whole buffer', async () => {
    const c = collector();
    const long = 'é'.repeat(3_000_000);
    await writeAll(new Output(c.stream), ['before', long, 'after']);
    expect(firstDifference(c.text(), `before\n${long}\nafter\n`)).toBeUndefined();
  });

  it('waits for a slow stream to drain', async () => {
    const c = collector({ highWaterMark: 1, delayMs: 1 });
    const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${'y'.repeat(40)}`);
    await writeAll(new Output(c.stream), lines);
    expect(firstDifference(c.text(), `${lines.join('\n')}\n`)).toBeUndefined();
  });

  it('reuses no buffer a stream has accepted but not yet finished with', async () => {
    const c = collector({ highWaterMark: 64 << 20, delayMs: 1 });
    const lines = Array.from(
      { length: 100_000 },
      (_, i) => `line ${i} ${String.fromCharCode(97 + (i % 26)).repeat(60)}`,
    );
    const out = new Output(c.stream);
    await writeAll(out, lines);
    await new Promise<void>((resolve) => c.stream.end(resolve));
    expect(c.chunks.length).toBeGreaterThan(3);
    expect(firstDifference(c.text(), `${lines.join('\n')}\n`)).toBeUndefined();
  });

  it('writes nothing when given nothing', async () => {
    const c = collector();
    await new Output(c.stream).flush();
    expect(c.chunks).toHaveLength(0);
  });
});
