/**
 * Prints a development token for a role, signed with the data folder's development key (the one the
 * gateway started by `pnpm start` trusts). Send it as `Authorization: Bearer <token>`.
 *   pnpm run token --role unit-officer --unit nanan-district [--subject nanan-clerk] [--expires 8h]
 *   pnpm run token --role vendor --vendor sample-jialing-cloud
 *   pnpm run token --role joint-conference
 * (`run` is needed: pnpm 12 keeps `pnpm token` for the registry's tokens.)
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role, viewerFromClaims } from '@cq/kit/identity';
import { developmentKeys, developmentToken } from '@cq/kit/secrets';
import { repoRoot } from '@cq/schema';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    unit: { type: 'string' },
    vendor: { type: 'string' },
    carrier: { type: 'string' },
    subject: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});

try {
  const role = values.role as Role | undefined;
  if (!role || !(role in ROLES)) {
    throw new Error(`Name a role with --role: ${Object.keys(ROLES).join(', ')}.`);
  }
  const tenant = values.unit ?? values.vendor ?? values.carrier;
  const subject = values.subject ?? (tenant ? `${tenant}-${role}` : role);
  const viewer = viewerFromClaims({ sub: subject, role, unit: values.unit, vendor: values.vendor, carrier: values.carrier });
  const keys = developmentKeys(resolve(repoRoot, process.env.DATA_DIR ?? '.data'));
  console.log(await developmentToken(keys.signingKey, viewer, { expiresIn: values.expires }));
} catch (error) {
  console.error(`token: ${(error as Error).message}`);
  process.exit(1);
}
