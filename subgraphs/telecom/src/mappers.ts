import type { CarrierRow, CircuitRow, TariffRow } from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type CarrierModel = CarrierRow;
export type TariffModel = TariffRow;
export type CircuitModel = CircuitRow;
export type CircuitChargeModel = { circuit: CircuitRow; monthlyPriceCny: string; preferential: boolean; reason: string };
/** The representation the gateway sends, with the fields this subgraph @requires when it needs them. */
export type UnitModel = { id: string; kind?: string; isMigrating?: boolean };
export type DataCenterModel = { id: string };
