// Entry point of the psa command (bundled to dist/psa.js).
import { main, ignoreClosedPipe } from './main.ts';

ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2));
