import type { DataCenterRow, ParkServiceRow, PlacementRow } from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type DataCenterModel = DataCenterRow;
export type ParkServiceModel = ParkServiceRow;
export type PlacementModel = PlacementRow;
export type VendorModel = { id: string };
/** The representation the gateway sends, with the fields this subgraph @requires when it needs them. */
export type InformationSystemModel = { id: string; unit?: { hasAdministrativeApproval?: boolean } };
export type UnitModel = { id: string; systems?: { id: string }[] };
