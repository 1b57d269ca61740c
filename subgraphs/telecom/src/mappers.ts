import type { CarrierRow, CircuitRow, TariffRow } from './db/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type CarrierModel = CarrierRow;
export type TariffModel = TariffRow;
export type CircuitModel = CircuitRow;
export type UnitModel = { id: string };
export type DataCenterModel = { id: string };
