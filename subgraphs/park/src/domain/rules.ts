/**
 * The rules about the park's data centres, services and placements: each stated once, here. Commands
 * (commands.ts) enforce them in a transaction, with the data centre's row locked.
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | §4 | the notice names one transitional government data centre and one Government Cloud Platform | `GOVERNMENT_KINDS`, `commands.createDataCenter` | ONE_OF_EACH_KIND |
 * | §4 | a unit with administrative-approval functions is placed only in a government data centre | `destinationCompliant` | — (reported) |
 * | §6.5 | a placement never exceeds the racks or power a data centre has free | `capacityOf` | CAPACITY_EXCEEDED |
 * | §6.5 | a data centre never shrinks below what is in use | `capacityOf` | CAPACITY_EXCEEDED |
 * | — | only an operational data centre takes placements | `takesPlacements` | DATA_CENTER_NOT_OPERATIONAL |
 * | — | a system is placed in one data centre at a time | `commands.placeSystem` | ALREADY_PLACED |
 * | — | a placement is of a system the units subgraph knows, and belongs to that system's unit | `commands.placeSystem` (`SYSTEM_OWNER`) | UNKNOWN_REFERENCE |
 * | — | prices are never negative | kit `moneyInput` | NEGATIVE_PRICE |
 */
import { formatDecimal, toUnits } from '@cq/kit/money';
import type { DataCenterRow } from '../data/schema.ts';

/** §4: the kinds of data centre the notice reserves for government systems, one of each. */
export const GOVERNMENT_KINDS: readonly DataCenterRow['kind'][] = ['TRANSITIONAL_GOVERNMENT_DATA_CENTER', 'GOVERNMENT_CLOUD_PLATFORM'];

/** §4: a placement is compliant unless a unit with administrative-approval functions sits outside a government data centre. */
export const destinationCompliant = (hasAdministrativeApproval: boolean, dc: Pick<DataCenterRow, 'kind'>) =>
  !hasAdministrativeApproval || GOVERNMENT_KINDS.includes(dc.kind);

export const takesPlacements = (dc: Pick<DataCenterRow, 'status'>) => dc.status === 'OPERATIONAL';

/** Kilowatts travel as decimal strings; they are compared and summed exactly, like money. */
export const kwUnits = (kw: string | null | undefined) => toUnits(kw ?? '0');
const formatKw = (units: bigint) => formatDecimal(units, 1);

/** What a data centre has in use and free: other tenants plus the programme's placements. */
export function capacityOf(dc: DataCenterRow, placed: { racks: number; powerKw: string } | null) {
  const racksUsed = dc.racksInOtherUse + (placed?.racks ?? 0);
  const powerUsed = kwUnits(dc.powerInOtherUseKw) + kwUnits(placed?.powerKw);
  const powerCapacity = kwUnits(dc.powerCapacityKw);
  return {
    racksUsed,
    racksFree: dc.racksTotal - racksUsed,
    rackUtilisation: dc.racksTotal ? racksUsed / dc.racksTotal : 0,
    powerUsedKw: formatKw(powerUsed),
    powerFreeKw: formatKw(powerCapacity - powerUsed),
    powerUtilisation: powerCapacity ? Number((powerUsed * 10_000n) / powerCapacity) / 10_000 : 0,
    powerUsedUnits: powerUsed,
    powerFreeUnits: powerCapacity - powerUsed,
  };
}
