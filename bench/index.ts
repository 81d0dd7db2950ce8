/** `npm run bench [-- --only engine,daily,bundles,floor,history]`: prints figures; never a pass/fail test. */
import { parseArgs } from 'node:util';
import { benchBundles } from './bundles.js';
import { benchDailyRun } from './daily-run.js';
import { benchEngine, printEngineFigures } from './engine.js';
import { benchEvaluateFloor, printFloorFigures } from './evaluate-floor.js';
import { benchHistory, printHistoryFigures } from './history.js';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const parts = values.only ? values.only.split(',') : ['engine', 'daily', 'bundles', 'floor', 'history'];

if (parts.includes('engine')) printEngineFigures(benchEngine());
if (parts.includes('daily')) await benchDailyRun();
if (parts.includes('bundles')) benchBundles();
if (parts.includes('floor')) printFloorFigures(benchEvaluateFloor());
if (parts.includes('history')) printHistoryFigures(await benchHistory());
