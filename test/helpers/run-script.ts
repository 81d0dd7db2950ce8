import { spawn } from 'node:child_process';

/**
 * Runs an entry point in a child Node process and collects its output: the shipped command line (`cli/launch.mjs`,
 * precompiled, a fifth of the start-up of compiling on the fly) as it is, a TypeScript one (`local/run.ts`) through tsx.
 */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script, ...args], {
      env,
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
