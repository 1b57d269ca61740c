import type { CloudServiceRow, ContractRow, VendorRow } from './db/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type VendorModel = VendorRow;
export type CloudServiceModel = CloudServiceRow;
export type ContractModel = ContractRow;
export type UnitModel = { id: string };
