import { DateScalar, DateTimeScalar } from '@cq/kit/dates';
import { Decimal } from '@cq/kit/money';
import type { Resolvers } from '../generated/resolvers.ts';
import { AuditEntry } from './audit-entry.ts';
import { AuditLog } from './audit-log.ts';
import { DataCenter } from './data-center.ts';
import { InformationSystem } from './information-system.ts';
import { Mutation } from './mutation.ts';
import { ParkService } from './park-service.ts';
import { Placement } from './placement.ts';
import { Query } from './query.ts';
import { Unit } from './unit.ts';
import { Vendor } from './vendor.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command, and the policy says what the caller sees. */
export const resolvers: Resolvers = {
  Decimal,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  DataCenter,
  ParkService,
  Placement,
  Vendor,
  InformationSystem,
  Unit,
  AuditLog,
  AuditEntry,
};
