import { formatDecimal, toUnits } from '@cq/kit';
import type { DataCenterRow } from './db/schema.ts';

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
