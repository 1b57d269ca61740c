import { DateScalar, DateTimeScalar } from '@cq/kit/dates';
import { Decimal } from '@cq/kit/money';
import type { Resolvers } from '../generated/resolvers.ts';
import { AuditEntry } from './audit-entry.ts';
import { AuditLog } from './audit-log.ts';
import { Carrier } from './carrier.ts';
import { Circuit } from './circuit.ts';
import { DataCenter } from './data-center.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Tariff } from './tariff.ts';
import { Unit } from './unit.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command, under the policy's rules. */
export const resolvers: Resolvers = {
  Decimal,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Carrier,
  Tariff,
  Circuit,
  Unit,
  DataCenter,
  AuditLog,
  AuditEntry,
};
