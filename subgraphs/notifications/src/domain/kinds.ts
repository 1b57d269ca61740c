/**
 * The kinds of notification: each one's official Chinese label (data, shown as it is) and the roles that
 * receive it. The joint-conference office receives every kind; a coordinating unit and a unit's officer
 * receive every kind about their own units (policy.ts narrows them to those); finance what it supervises
 * (budgets, §6.2, and lateness); a provider only its own stale tasks.
 */
import type { Role } from '@cq/kit/identity';
import type { NotificationKind } from '../generated/resolvers.ts';

interface KindInfo {
  /** The kind's label in simplified Chinese. */
  label: string;
  roles: readonly Role[];
}

const UNIT_SUPERVISION: readonly Role[] = ['joint-conference', 'coordinator', 'unit-officer'];

export const KINDS: Record<NotificationKind, KindInfo> = {
  DUE_SOON: { label: '即将到期', roles: UNIT_SUPERVISION },
  OVERDUE: { label: '逾期未完成迁移', roles: [...UNIT_SUPERVISION, 'finance'] },
  EXTENSION_PENDING: { label: '延期申请待审批', roles: UNIT_SUPERVISION },
  TASK_STALE: { label: '迁移任务未按时报告', roles: [...UNIT_SUPERVISION, 'vendor'] },
  RULE_REFUSED: { label: '违规操作已拒绝', roles: UNIT_SUPERVISION },
  BUDGET_RULE_BROKEN: { label: '违反预算规定', roles: [...UNIT_SUPERVISION, 'finance'] },
};

export const KIND_NAMES = Object.keys(KINDS) as NotificationKind[];

/** The roles a notification is meant for (kinds.ts), which reach it at all. */
export const RECEIVING_ROLES: readonly Role[] = ['joint-conference', 'coordinator', 'unit-officer', 'vendor', 'finance'];
