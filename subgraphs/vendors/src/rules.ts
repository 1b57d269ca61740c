import { endOfDay } from '@cq/kit';
import type { ContractRow, MigrationTaskRow } from './db/schema.ts';

/** A task is stale when its next report is late: the due day has ended in Asia/Shanghai and it is not done. */
export const isStale = (task: MigrationTaskRow, now: Date) => task.status !== 'DONE' && now >= endOfDay(task.nextUpdateDue);

/** Contracts only move forward: SIGNED → ACTIVE → ENDED. */
export const CONTRACT_ORDER: readonly ContractRow['status'][] = ['SIGNED', 'ACTIVE', 'ENDED'];
