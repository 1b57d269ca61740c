import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for everyone (the package has no "exports"); Vite would pick
    // its .mjs build for our files while Apollo's CommonJS packages load the other: two graphql copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['gateway/test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts'],
    // Each test file opens its own embedded databases; two at a time suit a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
