/** The docs' settings tables are generated from the zod schemas: this fails when they drift apart. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS_DOCS, settingsTables, withSettingsTables } from '../../scripts/generate-settings-docs.js';

const page = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const policyPage = page(SETTINGS_DOCS['policy-settings']);
const allDocs = [
  page('README.md'),
  ...readdirSync(new URL('../../docs/', import.meta.url))
    .filter((f) => f.endsWith('.md'))
    .map((f) => page(`docs/${f}`)),
].join('\n');

describe('settings tables in the docs', () => {
  it.each(Object.entries(SETTINGS_DOCS))(
    '%s in %s match the schemas (run `npm run gen:settings-docs`)',
    (name, file) => {
      expect(withSettingsTables(page(file), [name])).toBe(page(file));
    },
  );

  it('list every policy and stage setting with its default, the escalations included', () => {
    const tables = settingsTables();
    const policy = tables['policy-settings'].replace(/ {2,}/g, ' ');
    const stage = tables['stage-settings'].replace(/ {2,}/g, ' ');
    expect(policy).toContain('| `escalationDailyLimitPerRecipient` | integer 1–500 | `10` |');
    expect(policy).toContain('| `reminderStages` | list of integer 0–120 (at most 10) | `[14,7,2,0]` |');
    expect(stage).toContain('| `ledgerRetentionDays` | integer 30–3650 | `2190` |');
    expect(stage).toContain('| `schedules.serviceDigest.day` | integer 1–7 | `1` |');
    expect(stage).toContain('| `alarmEmail` | email address | **required** |');
  });

  it('detects a drifted table', () => {
    // Column widths follow the widest cell, so the row is found whatever they are.
    const drifted = policyPage.replace(/(\| `reminderWindowDays` +\| integer 0–120 +\| )`14`/, '$1`21`');
    expect(drifted).not.toBe(policyPage);
    expect(withSettingsTables(drifted)).not.toBe(drifted);
  });

  it('keeps one ledger retention default: README, stage config and functions agree', async () => {
    const { DEFAULTS } = await import('../../shared/config/defaults.js');
    const { envSchema } = await import('../../shared/config/env.js');
    const { stageConfigSchema } = await import('../../infra/config/stage-config.js');
    expect(envSchema.shape.LEDGER_RETENTION_DAYS.parse(undefined)).toBe(DEFAULTS.ledgerRetentionDays);
    expect(stageConfigSchema.safeParse({}).success).toBe(false);
    expect(allDocs).not.toMatch(/730 days|6 years/);
  });
});
