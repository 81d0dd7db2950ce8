/**
 * Timing a Node child process: wall time, and CPU time (user + system) from /usr/bin/time when the machine has it
 * (on a shared machine CPU time is the steadier figure). `oneCore` pins the process to one CPU with taskset where
 * available, for figures that promise "on one core" (garbage collection and the libuv pool otherwise use a second).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export interface Timing {
  wallMs: number;
  cpuMs: number | null;
}

export const canPinToOneCore = existsSync('/usr/bin/taskset');

export function timed(args: string[], options: { stdoutFile?: string; oneCore?: boolean } = {}): Timing {
  const out = openSync(options.stdoutFile ?? '/dev/null', 'w');
  const haveTime = existsSync('/usr/bin/time');
  let command = [process.execPath, ...args];
  if (options.oneCore && canPinToOneCore) command = ['/usr/bin/taskset', '-c', '0', ...command];
  if (haveTime) command = ['/usr/bin/time', '-f', '%U %S', ...command];
  const t = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), { stdio: ['ignore', out, 'pipe'], cwd: ROOT });
  const wallMs = performance.now() - t;
  closeSync(out);
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const last = String(r.stderr).trim().split('\n').at(-1) ?? '';
  const [user, sys] = last.split(' ').map(Number);
  return { wallMs, cpuMs: haveTime && Number.isFinite(user) ? ((user ?? 0) + (sys ?? 0)) * 1000 : null };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function medianTiming(ts: Timing[]): Timing {
  return {
    wallMs: median(ts.map((t) => t.wallMs)),
    cpuMs: ts.every((t) => t.cpuMs !== null) ? median(ts.map((t) => t.cpuMs!)) : null,
  };
}

export const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(2)} s`);
