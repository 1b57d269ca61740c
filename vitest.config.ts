import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const require = createRequire(import.meta.url);
/** The one list of subgraphs: each has a project of its own. */
const subgraphs: { name: string }[] = JSON.parse(readFileSync(new URL('schema/subgraphs.json', import.meta.url), 'utf8'));

/**
 * The kit's own tests; one project per subgraph (its own rules, `pnpm --filter <subgraph> test`); the scale tests (statement
 * counts at 1,000 units), the end-to-end tests through the gateway, the schema checks, and the seed's one story.
 */
const project = (name: string, include: string[], exclude: string[] = []): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, include, exclude },
});

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for everyone (the package has no "exports"); Vite would pick
    // its .mjs build for our files while Apollo's CommonJS packages load the other: two graphql copies.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    projects: [
      project('kit', ['subgraphs/kit/test/**/*.test.ts']),
      project('gateway', ['gateway/test/**/*.test.ts']),
      ...subgraphs.map(({ name }) => project(name, [`subgraphs/${name}/test/**/*.test.ts`], ['**/*.scale.test.ts'])),
      project('scale', ['subgraphs/*/test/**/*.scale.test.ts']),
      project('e2e', ['e2e/test/**/*.test.ts']),
      project('schema', ['schema/test/**/*.test.ts']),
      project('story', ['story/test/**/*.test.ts']),
      project('spreadsheets', ['spreadsheets/test/**/*.test.ts']),
    ],
    // One PostgreSQL for the run (embedded unless TEST_DATABASE_URL names one) and the seeded templates.
    globalSetup: ['e2e/src/test-databases.ts'],
    // Two test files at a time suit a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
