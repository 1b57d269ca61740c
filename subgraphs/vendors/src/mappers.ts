import type { AuditEntry } from '@cq/kit/audit';
import type { Connection } from '@cq/kit/paging';
import type {
  CertificationRow,
  CloudServiceRow,
  ContingencyPlanRow,
  ContractLineRow,
  ContractRow,
  MigrationTaskRow,
  ServiceLevelRow,
  VendorRow,
} from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type VendorModel = VendorRow;
export type CertificationModel = CertificationRow;
export type ContingencyPlanModel = ContingencyPlanRow;
export type ServiceLevelCommitmentModel = ServiceLevelRow;
export type CloudServiceModel = CloudServiceRow;
export type ContractModel = ContractRow;
export type ContractLineModel = ContractLineRow;
export type MigrationTaskModel = MigrationTaskRow;
export type ContractConnectionModel = Connection<ContractRow>;
export type MigrationTaskConnectionModel = Connection<MigrationTaskRow>;
export type UnitModel = { id: string };
export type InformationSystemModel = { id: string };
export type AuditLogModel = { id: string };
export type AuditEntryModel = AuditEntry;
export type AuditEntryConnectionModel = Connection<AuditEntry>;
