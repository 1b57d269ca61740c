import { sumCny } from '@cq/kit/money';
import type { MonthlyCostModel } from '../mappers.ts';

/**
 * A monthly cost from the parts other subgraphs computed (@requires): cloud contracts (vendors), park
 * places (park) and circuits (telecom). A part another subgraph could not give is null, and so is the total.
 */
export function monthlyCost(
  cloud: string | null | undefined,
  park: string | null | undefined,
  communication?: string | null,
): MonthlyCostModel {
  const parts = [cloud, park, ...(communication === undefined ? [] : [communication])];
  const known = parts.every((p) => p != null);
  return {
    cloudServicesCny: cloud ?? null,
    parkCny: park ?? null,
    communicationCny: communication ?? null,
    totalCny: known ? sumCny(parts as string[]) : null,
  };
}
