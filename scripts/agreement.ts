/**
 * Reads every system, contract and circuit back through a running gateway, as the joint-conference office,
 * and counts where the four subgraphs disagree (e2e/test/seed.test.ts's check, for any dataset: run it after
 * `scripts/generate.ts` and `pnpm start` on the same databases). Exits 1 on any mismatch.
 *   npx tsx scripts/agreement.ts [--gateway http://localhost:4000/graphql]
 * The token is signed with the data folder's development key (DATA_DIR, by default .data), the one the
 * gateway started by `pnpm start` trusts.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkAgreement } from '@cq/e2e/agreement';
import { developmentKeys, developmentToken } from '@cq/kit/secrets';
import { repoRoot } from '@cq/schema';

try {
  const { values } = parseArgs({ options: { gateway: { type: 'string', default: 'http://localhost:4000/graphql' } } });
  const keys = developmentKeys(resolve(repoRoot, process.env.DATA_DIR ?? '.data'));
  const token = await developmentToken(keys.signingKey, { id: 'joint-conference-office', role: 'joint-conference' });
  const started = performance.now();
  const result = await checkAgreement(values.gateway, token, (what) => process.stderr.isTTY && process.stderr.write(`\r\x1b[2K${what}`));
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Agreement: ${result.systems} systems checked of ${result.totalCount} (${result.units} units' circuits), ${result.mismatches.length} mismatches, in ${seconds} s.`,
  );
  for (const line of result.mismatches.slice(0, 30)) console.log(`  ${line}`);
  if (result.mismatches.length || result.systems !== result.totalCount) process.exit(1);
} catch (error) {
  console.error(`agreement: ${(error as Error).message}`);
  process.exit(1);
}
