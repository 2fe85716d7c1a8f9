// Entry point of the psa command (bundled to dist/psa.js).
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
