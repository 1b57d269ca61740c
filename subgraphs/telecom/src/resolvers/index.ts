import { Decimal } from '@cq/kit/money';
import type { Resolvers } from '../generated/resolvers.ts';
import { Carrier } from './carrier.ts';
import { Circuit } from './circuit.ts';
import { DataCenter } from './data-center.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Tariff } from './tariff.ts';
import { Unit } from './unit.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command. */
export const resolvers: Resolvers = { Decimal, Query, Mutation, Carrier, Tariff, Circuit, Unit, DataCenter };
