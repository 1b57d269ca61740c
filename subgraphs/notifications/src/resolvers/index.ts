import { DateScalar, DateTimeScalar } from '@cq/kit/dates';
import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './mutation.ts';
import { Notification } from './notification.ts';
import { Query } from './query.ts';

/** One file per type; each resolver is thin: it reads a loader, a query or a command, under the policy's rules. */
export const resolvers: Resolvers = { Date: DateScalar, DateTime: DateTimeScalar, Query, Mutation, Notification };
