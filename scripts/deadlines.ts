import { main } from '../cli/deadlines.js';

process.exitCode = await main(process.argv.slice(2));
