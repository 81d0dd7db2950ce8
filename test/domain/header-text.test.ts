/** Control characters: removed from header values and subjects, escaped for a terminal and in ledger keys. */
import { describe, expect, it } from 'vitest';
import { escapeControls, headerSafe } from '../../shared/domain/header-text.js';
import { keyPart, unescapeKeyPart } from '../../shared/domain/ledger-key.js';

describe('header values and subjects', () => {
  it.each([
    ['Family\nSupport', 'Family Support'],
    ['Family \r\n Support\t', 'Family Support'],
    ['W\u001b[31m1\u0007', 'W[31m1'],
    ['a\u0000b\u007fc\u009bd', 'abcd'],
    ['one\u2028two\u2029three\u0085four', 'one two three four'],
    ['Café Ünïcode – fine', 'Café Ünïcode – fine'],
    ['plain', 'plain'],
  ])('%j → %j', (value, expected) => {
    expect(headerSafe(value)).toBe(expected);
  });
});

describe('terminal output', () => {
  it.each([
    ['W\u001b[31m1', 'W\\u001B[31m1'],
    ['bell\u0007', 'bell\\u0007'],
    ['a\nb\rc', 'a\\u000Ab\\u000Dc'],
    ['\u009b2J', '\\u009B2J'],
    ['x\u2028y', 'x\\u2028y'],
    ['Café', 'Café'],
  ])('%j → %j', (text, expected) => {
    expect(escapeControls(text)).toBe(expected);
  });
});

describe('ledger keys', () => {
  it.each([
    ['W\u001b1', 'W%1B1'],
    ['W\u00071', 'W%071'],
    ['A\u2028B', 'A%u2028B'],
    ['A B', 'A%20B'],
    ['W-001', 'W-001'],
  ])('%j is escaped as %j, and reads back', (id, expected) => {
    expect(keyPart(id)).toBe(expected);
    expect(unescapeKeyPart(expected)).toBe(id);
  });
});
