import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/build.ts'],
    // validation ensembles run for tens of seconds; generous limits keep a loaded machine from failing them
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
