import type { DataCenterRow, PlacementRow } from './db/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type DataCenterModel = DataCenterRow;
export type PlacementModel = PlacementRow;
export type VendorModel = { id: string };
export type InformationSystemModel = { id: string };
