import { Decimal } from '@cq/kit';
import type { Resolvers } from '../generated/resolvers.ts';
import { mutation } from './mutation.ts';
import { query } from './query.ts';
import { reportTypes } from './reports.ts';
import { system } from './system.ts';
import { unit } from './unit.ts';

export const resolvers: Resolvers = { Decimal, Query: query, Mutation: mutation, ...unit, ...system, ...reportTypes };
