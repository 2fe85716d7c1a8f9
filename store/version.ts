import { readFileSync } from 'node:fs';

/** psa's version, from package.json. */
export const PSA_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
