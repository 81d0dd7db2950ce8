/** `npm run bench`: prints figures; never a pass/fail test. `--only engine` runs one part. */
import { parseArgs } from 'node:util';
import { benchEngine, printEngineFigures } from './engine.js';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const parts = values.only ? values.only.split(',') : ['engine'];

if (parts.includes('engine')) printEngineFigures(benchEngine());
