import type { AuditEntry } from '@cq/kit/audit';
import type { Connection } from '@cq/kit/paging';
import type { DataCenterRow, ParkServiceRow, PlacementRow } from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type DataCenterModel = DataCenterRow;
export type ParkServiceModel = ParkServiceRow;
/** A placement with the unit it belongs to: whose placement it is decides who sees it (domain/policy.ts). */
export type PlacementModel = PlacementRow;
export type PlacementConnectionModel = Connection<PlacementRow>;
export type VendorModel = { id: string };
/** The representation the gateway sends, with the fields this subgraph @requires when it needs them. */
export type InformationSystemModel = { id: string; unit?: { hasAdministrativeApproval?: boolean } };
export type UnitModel = { id: string; systems?: { id: string }[] };
/** The one audit log (`programme`); this subgraph answers with the entries of its own mutations. */
export type AuditLogModel = { id: string };
export type AuditEntryModel = AuditEntry;
export type AuditEntryConnectionModel = Connection<AuditEntry>;
