import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../shared/config/env.js';

describe('configuration errors', () => {
  it('name every bad variable in the shared issue wording, without its value, and keep the zod error as cause', () => {
    let error: unknown;
    try {
      loadConfig({ SCAN_SEGMENTS: 'secret-value' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain('RECORDS_TABLE: required, expected text');
    expect(message).toContain('SCAN_SEGMENTS: expected a number, got text');
    expect(message).not.toContain('secret-value');
    expect((error as Error).cause).toBeInstanceOf(z.ZodError);
  });
});
