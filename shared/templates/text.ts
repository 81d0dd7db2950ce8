/** Plain-text layout: wrapping at 76 characters without ever breaking a word or a link. */
import { TEXT_WIDTH } from './style.js';

/** Wraps each line at `width`, keeping its indentation on continuation lines; long words (links) stay whole. */
export function wrapText(text: string, width = TEXT_WIDTH): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^(\s*(?:- )?)/.exec(line)![1]!;
      const pad = ' '.repeat(indent.length);
      const words = line.slice(indent.length).split(/ +/);
      const out: string[] = [];
      let current = indent;
      for (const w of words) {
        const start = current === indent || current === pad;
        if (!start && current.length + 1 + w.length > width) {
          out.push(current);
          current = pad + w;
        } else current += (start ? '' : ' ') + w;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** Text with its wrapping undone and whitespace collapsed: what a reader sees, for comparing text with HTML. */
export function unwrap(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
