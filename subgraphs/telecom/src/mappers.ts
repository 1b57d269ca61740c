import type { AuditEntry } from '@cq/kit/audit';
import type { Connection } from '@cq/kit/paging';
import type { CarrierRow, CircuitRow, TariffRow } from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type CarrierModel = CarrierRow;
export type TariffModel = TariffRow;
/** A circuit with the carrier that provides it (its tariff's): whose circuit it is decides who sees it. */
export type CircuitModel = CircuitRow & { carrierId: string };
export type CircuitConnectionModel = Connection<CircuitModel>;
export type CircuitChargeModel = { circuit: CircuitModel; monthlyPriceCny: string; preferential: boolean; reason: string };
/** The representation the gateway sends, with the fields this subgraph @requires when it needs them. */
export type UnitModel = { id: string; kind?: string; isMigrating?: boolean };
export type DataCenterModel = { id: string };
/** The one audit log (`programme`); this subgraph answers with the entries of its own mutations. */
export type AuditLogModel = { id: string };
export type AuditEntryModel = AuditEntry;
export type AuditEntryConnectionModel = Connection<AuditEntry>;
