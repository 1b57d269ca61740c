import type { Connection } from '@cq/kit';
import type { BatchRow, SystemRow, UnitRow } from './db/schema.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type UnitModel = UnitRow;
export type InformationSystemModel = SystemRow;
export type BatchModel = BatchRow;
export type UnitConnectionModel = Connection<UnitRow>;
export type InformationSystemConnectionModel = Connection<SystemRow>;
export type VendorModel = { id: string };
