/**
 * The callers the end-to-end tests act as, one per role of the notice, with tenants from the seed: every
 * request through the gateway carries a token for one of them.
 */
import type { Viewer } from '@cq/kit/identity';

export const OFFICE: Viewer = { id: 'joint-conference-office', role: 'joint-conference' };
export const FINANCE: Viewer = { id: 'finance-bureau-officer', role: 'finance' };
export const ANALYST: Viewer = { id: 'expert-analyst', role: 'analyst' };
export const PARK_OPERATOR: Viewer = { id: 'park-operator', role: 'park-operator' };

/** A unit's officer, acting for that unit only. */
export const officerOf = (unitId: string): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId });
/** A coordinating unit (§6.2), reading its subtree. */
export const coordinatorOf = (unitId: string): Viewer => ({ id: `${unitId}-coordinator`, role: 'coordinator', unitId });
/** A cloud service provider's staff. */
export const vendorStaff = (vendorId: string, id = `${vendorId}-staff`): Viewer => ({ id, role: 'vendor', vendorId });
/** A carrier's staff. */
export const carrierStaff = (carrierId: string, id = `${carrierId}-staff`): Viewer => ({ id, role: 'carrier', carrierId });
