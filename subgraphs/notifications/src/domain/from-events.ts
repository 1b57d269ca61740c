/**
 * Notifications told by other subgraphs' events, as they commit (background.ts follows the logs):
 * - EXTENSION_REQUESTED (units) → EXTENSION_PENDING, the same notification a day's check makes of the
 *   request (one natural key: a request told by both is told once);
 * - RULE_REFUSED (units, park) → RULE_REFUSED, one per refusal;
 * - BUDGET_LINE_ADDED with `data.nonCompliance` (units) → BUDGET_RULE_BROKEN, one per line.
 * Every other event tells nothing here.
 */
import type { ProgrammeEvent } from '@cq/kit/events';
import { dateOf } from '@cq/kit/time';
import { extensionPending } from './checks.ts';
import type { Draft } from './drafts.ts';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The notification an event makes, or null for an event that makes none. */
export function draftOfEvent(event: ProgrammeEvent): Draft | null {
  const day = dateOf(new Date(event.at));
  switch (event.kind) {
    case 'EXTENSION_REQUESTED': {
      const newDueDate = text(event.data.newDueDate);
      if (!event.unitId || !newDueDate) return null;
      return extensionPending(event.subjectId, event.unitId, newDueDate, day);
    }
    case 'RULE_REFUSED':
      return {
        kind: 'RULE_REFUSED',
        subject: event.id,
        day,
        title: `A change was refused for breaking a rule of the notice (${text(event.data.code) ?? 'rule'})`,
        message: `${event.summary}${text(event.data.message) ? ` ${event.data.message}` : ''}`,
        unitId: event.unitId,
        systemId: event.systemId,
      };
    case 'BUDGET_LINE_ADDED': {
      const reason = text(event.data.nonCompliance);
      if (!reason) return null;
      return {
        kind: 'BUDGET_RULE_BROKEN',
        subject: `budget-line-${event.subjectId}`,
        day,
        title: `A budget line of unit ${event.unitId ?? 'unknown'} breaks the budget rule (§6.2)`,
        message: `${event.summary} ${reason}`,
        unitId: event.unitId,
      };
    }
    default:
      return null;
  }
}
