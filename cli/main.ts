import { main } from './deadlines.js';

process.exitCode = await main(process.argv.slice(2));
