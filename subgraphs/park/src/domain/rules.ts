/**
 * The rules about the park's data centres, services and placements: each stated once, here. Commands
 * (commands.ts) enforce them in a transaction, with the data centre's row locked.
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | §1 | a classified system is exempt: it is never placed in the park | `isExempt` (facts from units: `PLACEMENT_FACTS`) | CLASSIFIED_SYSTEM_EXEMPT |
 * | §4 | the notice names one transitional government data centre and one Government Cloud Platform | `GOVERNMENT_KINDS`, `commands.createDataCenter` | ONE_OF_EACH_KIND |
 * | §4 | a unit with administrative-approval functions is placed only in a government data centre (refused when placed, reported for what is placed) | `destinationCompliant` | DESTINATION_NOT_ALLOWED |
 * | §2.2, §3.3 | a system is placed only in the data centre its approved migration plan names; without an approved plan, nowhere | `placedAsPlanned` | PLACEMENT_NOT_AS_PLANNED |
 * | §6.5 | a placement never exceeds the racks or power a data centre has free | `capacityOf` | CAPACITY_EXCEEDED |
 * | §6.5 | a data centre never shrinks below what is in use | `capacityOf` | CAPACITY_EXCEEDED |
 * | §2.2 | a centralised system's placement is the proof that it was centralised: it is never removed | `placementIsProof` (stage from units: `SYSTEM_STAGE`) | PLACEMENT_IS_PROOF |
 * | §4 | the Government Cloud Platform's opening day moves only where no approved plan of a government department, and no placement in the platform, would go against it | `commands.updateDataCenter` (plans from units: `OPENING_CONFLICTS`) | OPENING_DAY_IN_USE |
 * | — | only an operational data centre takes placements | `takesPlacements` | DATA_CENTER_NOT_OPERATIONAL |
 * | §4 | a data centre is open from its opening day (the Government Cloud Platform's decides where government systems go) | `isOpenOn` | — |
 * | — | a placement holds from `since` until it is taken out (`until`); read as of a day, the park is what was placed then; a new placement's room counts every placement not taken out, those dated ahead too | `queries.placedOn`, `queries.placedIn`, `commands.removePlacement` | — |
 * | — | a system is placed in one data centre at a time | `commands.placeSystem` | ALREADY_PLACED |
 * | — | a placement is of a system the units subgraph knows, and belongs to that system's unit | `commands.placeSystem` (`PLACEMENT_FACTS`) | UNKNOWN_REFERENCE |
 * | — | prices are never negative | kit `moneyInput` | NEGATIVE_PRICE |
 *
 * The §1, §4 and §2.2/§3.3 rules judge facts the units subgraph owns (a system's classification, its
 * unit's administrative-approval functions, its approved plan): `commands.placeSystem` asks units for
 * them once (`PLACEMENT_FACTS`) and passes the answer, as given, to the functions below. When units cannot
 * be asked, nothing is placed (SUBGRAPH_UNAVAILABLE).
 */
import { formatDecimal, toUnits } from '@cq/kit/money';
import type { DataCenterRow } from '../data/schema.ts';

/** §4: the kinds of data centre the notice reserves for government systems, one of each. */
export const GOVERNMENT_KINDS: readonly DataCenterRow['kind'][] = ['TRANSITIONAL_GOVERNMENT_DATA_CENTER', 'GOVERNMENT_CLOUD_PLATFORM'];

/**
 * What the units subgraph says about a system to be placed (the answer to `PLACEMENT_FACTS`): whose it
 * is, whether it is classified, whether its unit has administrative-approval functions, and where its
 * approved migration plan sends it (null before a plan is approved).
 */
export interface PlacementFacts {
  classification: 'CLASSIFIED' | 'NON_CLASSIFIED';
  unit: { id: string; hasAdministrativeApproval: boolean };
  migrationPlan: { destination: { id: string } } | null;
}

/** §1: a classified system is exempt from the migration: it is never placed in the park. */
export const isExempt = (system: Pick<PlacementFacts, 'classification'>) => system.classification === 'CLASSIFIED';

/**
 * §4: a placement is compliant unless a unit with administrative-approval functions sits outside a
 * government data centre. The same function refuses such a placement (`commands.placeSystem`) and reports
 * on one that exists (`InformationSystem.destinationCompliant`).
 */
export const destinationCompliant = (hasAdministrativeApproval: boolean, dc: Pick<DataCenterRow, 'kind'>) =>
  !hasAdministrativeApproval || GOVERNMENT_KINDS.includes(dc.kind);

/**
 * §2.2, §3.3: the move follows the approved plan: a system is placed in the data centre its approved
 * migration plan names, and nowhere while it has no approved plan.
 */
export const placedAsPlanned = (system: Pick<PlacementFacts, 'migrationPlan'>, dc: Pick<DataCenterRow, 'id'>) =>
  system.migrationPlan?.destination.id === dc.id;

/**
 * §2.2: a system counts as centralised once placed in its plan's data centre (units' markCentralised asks
 * the park); from then on the placement is the proof of it and stays. `stage` is units' word for the system.
 */
export const placementIsProof = (stage: string | null | undefined) => stage === 'CENTRALISED' || stage === 'INTEGRATED';

export const takesPlacements = (dc: Pick<DataCenterRow, 'status'>) => dc.status === 'OPERATIONAL';

/** §4: whether a data centre was open on a day (Asia/Shanghai): it opens on `opensOn`, or had opened before the programme. */
export const isOpenOn = (dc: Pick<DataCenterRow, 'opensOn'>, day: string) => dc.opensOn === null || dc.opensOn <= day;

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
