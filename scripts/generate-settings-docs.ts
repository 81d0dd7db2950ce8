/**
 * The settings tables of the docs (docs/rules-engine.md, docs/platform.md), generated from the zod schemas that validate them: the local policy
 * (shared/domain/policy.ts) and the stage configuration (infra/config/stage-config.ts). Each row: the setting, its
 * type and allowed values, its default, and the comment written above it in the schema. `npm run gen:settings-docs`
 * rewrites each page between its markers; test/infra/settings-docs.test.ts fails when a page has drifted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stageConfigSchema } from '../infra/config/stage-config.js';
import { policySchema } from '../shared/domain/policy.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
};

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The JSDoc comment written directly above `key:` in a schema's source, on one line. */
function commentsOf(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Za-z][A-Za-z0-9]*)\s*:/g)) {
    const text = m[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, '').trim())
      .filter(Boolean)
      .join(' ');
    if (!found.has(m[2]!)) found.set(m[2]!, text);
  }
  return found;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? (s.anyOf ? 'value' : 'object'));
  const bound = (n: number | undefined) => (n !== undefined && Math.abs(n) < 1e12 ? n : undefined);
  const [min, max] = [bound(s.minimum), bound(s.maximum)];
  const range = min !== undefined || max !== undefined ? ` ${min ?? '…'}–${max ?? '…'}` : '';
  if (type === 'array')
    return `list of ${s.items ? typeOf(s.items) : 'values'}${s.maxItems ? ` (at most ${s.maxItems})` : ''}`;
  if (s.format === 'email') return 'email address';
  if (s.format === 'uri') return 'https URL';
  return `${type}${range}`;
}

const cell = (v: unknown) => (v === undefined ? '' : `\`${JSON.stringify(v)}\``.replace(/\|/g, '\\|'));

function rows(schema: JsonSchema, comments: Map<string, string>, prefix = ''): string[][] {
  const out: string[][] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const name = `${prefix}${key}`;
    if (prop.type === 'object' && prop.properties) {
      out.push(...rows(prop, comments, `${name}.`));
      continue;
    }
    const required = schema.required?.includes(key) && prop.default === undefined;
    const meaning = (comments.get(key) ?? '').replace(/\|/g, '\\|');
    out.push([`\`${name}\``, typeOf(prop), required ? '**required**' : cell(prop.default), meaning]);
  }
  return out;
}

function table(schema: z.ZodType, sourceFile: string): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const comments = commentsOf(readFileSync(root(sourceFile), 'utf8'));
  return aligned([['setting', 'type', 'default', 'meaning'], ...rows(json, comments)]);
}

/** A Markdown table with its columns padded, as the formatter (Biome) lays tables out. */
function aligned(table: string[][]): string {
  const widths = table[0]!.map((_, i) => Math.max(3, ...table.map((r) => [...r[i]!].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [line(table[0]!), line(widths.map((w) => '-'.repeat(w))), ...table.slice(1).map(line)].join('\n');
}

export function settingsTables(): Record<'policy-settings' | 'stage-settings', string> {
  return {
    'policy-settings': table(policySchema, 'shared/domain/policy.ts'),
    'stage-settings': table(stageConfigSchema, 'infra/config/stage-config.ts'),
  };
}

/** Where each generated table lives: the rules for someone changing a policy, the platform page for a stage. */
export const SETTINGS_DOCS: Record<keyof ReturnType<typeof settingsTables>, string> = {
  'policy-settings': 'docs/rules-engine.md',
  'stage-settings': 'docs/platform.md',
};

/** A page with each generated block it holds replaced by its current content (`only`: these blocks must be there). */
export function withSettingsTables(page: string, only?: readonly string[]): string {
  let out = page;
  for (const [name, content] of Object.entries(settingsTables())) {
    if (only && !only.includes(name)) continue;
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(out)) {
      if (only) throw new Error(`the page has no <!-- generated:${name} --> block`);
      continue;
    }
    out = out.replace(pattern, (_m, open: string, close: string) => `${open}${content}\n${close}`);
  }
  return out;
}

const isEntryPoint = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntryPoint) {
  for (const [name, file] of Object.entries(SETTINGS_DOCS)) {
    writeFileSync(root(file), withSettingsTables(readFileSync(root(file), 'utf8'), [name]));
    console.log(`${file}: ${name} regenerated`);
  }
}
