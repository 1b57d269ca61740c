/** The callers the vendors tests act as, one per role of the notice, with tenants from the seed. */
import type { Viewer } from '@cq/kit/identity';

export const OFFICE: Viewer = { id: 'joint-conference-office', role: 'joint-conference' };
export const FINANCE: Viewer = { id: 'finance-bureau-officer', role: 'finance' };
export const ANALYST: Viewer = { id: 'expert-analyst', role: 'analyst' };
export const PARK_OPERATOR: Viewer = { id: 'park-operator', role: 'park-operator' };
export const CARRIER: Viewer = { id: 'telecom-staff', role: 'carrier', carrierId: 'china-telecom-chongqing' };

/** A cloud service provider's staff. */
export const vendorStaff = (vendorId: string, id = `${vendorId}-staff`): Viewer => ({ id, role: 'vendor', vendorId });
export const JIALING = vendorStaff('sample-jialing-cloud', 'jialing-sales');
export const SHANCHENG = vendorStaff('sample-shancheng-data', 'shancheng-sales');
export const YANGTZE = vendorStaff('sample-yangtze-cloud', 'yangtze-engineer');
export const CCI = vendorStaff('chongqing-cloud-investment', 'cci-engineer');

/** A unit's officer, acting for that unit only. */
export const officerOf = (unitId: string): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId });
/** A coordinating unit (§6.2), reading its subtree. */
export const coordinatorOf = (unitId: string): Viewer => ({ id: `${unitId}-coordinator`, role: 'coordinator', unitId });
