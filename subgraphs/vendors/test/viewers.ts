/** The providers' staff the vendors tests act as (the kit's testing module has one caller per role). */
import { carrierStaff, vendorStaff } from '@cq/kit/testing';

export { ANALYST, coordinatorOf, FINANCE, OFFICE, officerOf, PARK_OPERATOR, vendorStaff } from '@cq/kit/testing';
export const CARRIER = carrierStaff('china-telecom-chongqing', 'telecom-staff');
export const JIALING = vendorStaff('sample-jialing-cloud', 'jialing-sales');
export const SHANCHENG = vendorStaff('sample-shancheng-data', 'shancheng-sales');
export const YANGTZE = vendorStaff('sample-yangtze-cloud', 'yangtze-engineer');
export const CCI = vendorStaff('chongqing-cloud-investment', 'cci-engineer');
