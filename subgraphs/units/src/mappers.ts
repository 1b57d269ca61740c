import type { AuditEntry } from '@cq/kit/audit';
import type { Connection } from '@cq/kit/paging';
import type { Figures } from './data/progress.ts';
import type {
  AssessmentRow,
  BatchRow,
  Blocker,
  BudgetLineRow,
  CorrectionRow,
  ExtensionDecisionRow,
  ExtensionRequestRow,
  ExtensionWithdrawalRow,
  LiaisonRow,
  MigrationPlanRow,
  ReclassificationDecisionRow,
  ReclassificationRequestRow,
  SystemRow,
  TransitionRow,
  UnitRow,
  VendorSelectionRow,
} from './data/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
/** Costs other subgraphs resolve; the gateway sends them along when a field @requires them. */
type CostParts = { cloudMonthlyCostCny?: string | null; parkMonthlyCostCny?: string | null; telecomMonthlyCostCny?: string | null };
export type UnitModel = UnitRow & CostParts;
export type InformationSystemModel = SystemRow & CostParts;
export type BatchModel = BatchRow;
export type LiaisonModel = LiaisonRow;
export type UnitConnectionModel = Connection<UnitRow>;
export type InformationSystemConnectionModel = Connection<SystemRow>;
export type VendorModel = { id: string };
export type MonthlyCostModel = {
  cloudServicesCny: string | null;
  parkCny: string | null;
  communicationCny: string | null;
  totalCny: string | null;
};
export type CloudServiceModel = { id: string };
export type DataCenterModel = { id: string };
export type StageTransitionModel = TransitionRow;
export type AssessmentModel = AssessmentRow;
export type BlockerModel = Blocker;
export type VendorSelectionModel = VendorSelectionRow;
export type MigrationPlanModel = MigrationPlanRow;
export type ScheduleWarningModel = { dependsOn: SystemRow; message: string };
/** A request seen at a moment: its status and decision are those known by then. */
export type ExtensionRequestModel = ExtensionRequestRow & { asOf?: Date };
export type ExtensionDecisionModel = ExtensionDecisionRow;
export type ExtensionWithdrawalModel = ExtensionWithdrawalRow;
export type CorrectionModel = CorrectionRow;
export type ReclassificationRequestModel = ReclassificationRequestRow;
export type ReclassificationDecisionModel = ReclassificationDecisionRow;
export type ExtensionRequestConnectionModel = Connection<ExtensionRequestModel>;
export type BudgetLineModel = BudgetLineRow;
export type BudgetLineConnectionModel = Connection<BudgetLineRow>;
export type BudgetComplianceRowModel = {
  unitId: string;
  year: number;
  lineCount: number;
  totalCny: string;
  nonCompliantLineCount: number;
  nonCompliantCny: string;
};
export type BudgetComplianceConnectionModel = Connection<BudgetComplianceRowModel>;
export type ProgressFiguresModel = Figures;
export type ProgressGroupModel = { key: string; grouping: 'BATCH' | 'COORDINATING_UNIT' | 'UNIT_KIND'; figures: Figures };
export type ProgressReportModel = { asOf: Date; groups: ProgressGroupModel[]; groupCount: number; truncated: boolean; total: Figures };
export type MonthlyBatchProgressModel = { month: string; asOf: Date; batchNumber: number; figures: Figures };
export type OverdueSystemModel = { systemId: string; dueDate: string; stage: SystemRow['stage']; daysOverdue: number };
export type OverdueSystemConnectionModel = Connection<OverdueSystemModel>;
/** The one audit log, `programme`, and the entries of this subgraph's mutations (kit: audit.ts). */
export type AuditLogModel = { id: string };
export type AuditEntryModel = AuditEntry;
export type AuditEntryConnectionModel = Connection<AuditEntry>;
