import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Tests that spawn psa or load generated files take a few seconds on a small machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
