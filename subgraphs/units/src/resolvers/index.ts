import { DateScalar, DateTimeScalar } from '@cq/kit/dates';
import { Decimal } from '@cq/kit/money';
import type { Resolvers } from '../generated/resolvers.ts';
import { AuditEntry } from './audit-entry.ts';
import { AuditLog } from './audit-log.ts';
import { Batch } from './batch.ts';
import { BudgetComplianceRow } from './budget-compliance-row.ts';
import { BudgetLine } from './budget-line.ts';
import { Correction } from './correction.ts';
import { ExtensionRequest } from './extension-request.ts';
import { InformationSystem } from './information-system.ts';
import { Liaison } from './liaison.ts';
import { MigrationPlan } from './migration-plan.ts';
import { MonthlyBatchProgress } from './monthly-batch-progress.ts';
import { Mutation } from './mutation.ts';
import { OverdueSystem } from './overdue-system.ts';
import { ProgressFigures } from './progress-figures.ts';
import { ProgressGroup } from './progress-group.ts';
import { Query } from './query.ts';
import { ReclassificationRequest } from './reclassification-request.ts';
import { StageTransition } from './stage-transition.ts';
import { Unit } from './unit.ts';
import { Vendor } from './vendor.ts';
import { VendorSelection } from './vendor-selection.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command. */
export const resolvers: Resolvers = {
  Decimal,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Unit,
  InformationSystem,
  Batch,
  Liaison,
  Vendor,
  StageTransition,
  VendorSelection,
  MigrationPlan,
  ProgressGroup,
  ProgressFigures,
  MonthlyBatchProgress,
  OverdueSystem,
  ExtensionRequest,
  Correction,
  ReclassificationRequest,
  BudgetLine,
  BudgetComplianceRow,
  AuditLog,
  AuditEntry,
};
