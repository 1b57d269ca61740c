import { DateScalar, DateTimeScalar } from '@cq/kit/dates';
import { Decimal } from '@cq/kit/money';
import type { Resolvers } from '../generated/resolvers.ts';
import { AuditEntry } from './audit-entry.ts';
import { AuditLog } from './audit-log.ts';
import { Certification } from './certification.ts';
import { CloudService } from './cloud-service.ts';
import { Contract } from './contract.ts';
import { ContractLine } from './contract-line.ts';
import { InformationSystem } from './information-system.ts';
import { MigrationTask } from './migration-task.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Unit } from './unit.ts';
import { Vendor } from './vendor.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command. */
export const resolvers: Resolvers = {
  Decimal,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Vendor,
  Certification,
  CloudService,
  Contract,
  ContractLine,
  MigrationTask,
  Unit,
  InformationSystem,
  AuditLog,
  AuditEntry,
};
