/**
 * The inventory template's columns and the values each takes: what units fill in (Chinese headings and
 * Chinese values, as their own forms have them) mapped onto the fields of `createSystem`. The English
 * field names are accepted as headings, and the enum names as values, for files made by programs.
 */

export type Classification = 'NON_CLASSIFIED' | 'CLASSIFIED';
export type BusinessType =
  | 'GOVERNMENT_SERVICE'
  | 'OFFICE_AUTOMATION'
  | 'DATA_AND_REGISTRY'
  | 'MONITORING'
  | 'PUBLIC_WEBSITE'
  | 'ENTERPRISE_OPERATIONS';
export type Hosting = 'OWN_MACHINE_ROOM' | 'THIRD_PARTY_HOSTED' | 'PARK_DATA_CENTER' | 'CLOUD_SERVICE';

/** One row of an inventory, as `createSystem` takes it (the unit is the import's). */
export interface InventorySystem {
  id: string;
  officialName: string;
  name: string;
  classification: Classification;
  businessType: BusinessType;
  hosting: Hosting;
}

export type Field = keyof InventorySystem;

/** An enum value with its Chinese label (the one the template writes) and any other Chinese spellings accepted. */
export interface Choice<V extends string> {
  value: V;
  label: string;
  also?: string[];
}

export const CLASSIFICATIONS: Choice<Classification>[] = [
  // The heading asks "是否涉密" (classified or not): 是/否 answer it as well.
  { value: 'NON_CLASSIFIED', label: '非涉密', also: ['否'] },
  { value: 'CLASSIFIED', label: '涉密', also: ['是'] },
];

export const BUSINESS_TYPES: Choice<BusinessType>[] = [
  { value: 'GOVERNMENT_SERVICE', label: '政务服务', also: ['行政审批'] },
  { value: 'OFFICE_AUTOMATION', label: '办公自动化', also: ['协同办公', '内部办公'] },
  { value: 'DATA_AND_REGISTRY', label: '数据资源', also: ['数据库', '基础数据'] },
  { value: 'MONITORING', label: '监测监管', also: ['行业监管'] },
  { value: 'PUBLIC_WEBSITE', label: '门户网站', also: ['信息发布', '政府网站'] },
  { value: 'ENTERPRISE_OPERATIONS', label: '企业经营', also: ['生产经营'] },
];

export const HOSTINGS: Choice<Hosting>[] = [
  { value: 'OWN_MACHINE_ROOM', label: '自有机房' },
  { value: 'THIRD_PARTY_HOSTED', label: '第三方托管', also: ['托管'] },
  { value: 'PARK_DATA_CENTER', label: '园区数据中心', also: ['园区机房'] },
  { value: 'CLOUD_SERVICE', label: '云服务', also: ['购买云服务'] },
];

export interface Column {
  field: Field;
  /** The heading units read (row 1 of the template). */
  heading: string;
  /** What to write, in English (the template's note and second header row say it). */
  note: string;
  choices?: Choice<string>[];
}

/** The template's columns, in its order. Every column is required. */
export const COLUMNS: Column[] = [
  { field: 'id', heading: '系统编号', note: 'System id: 2 to 80 lower-case letters, digits and hyphens, unique in the programme.' },
  { field: 'officialName', heading: '系统名称', note: 'The system’s name in simplified Chinese.' },
  { field: 'name', heading: '英文名称', note: 'The system’s name in English.' },
  {
    field: 'classification',
    heading: '是否涉密',
    note: 'Classified or not (classified systems are exempt, §1).',
    choices: CLASSIFICATIONS,
  },
  { field: 'businessType', heading: '业务类型', note: 'What the system does.', choices: BUSINESS_TYPES },
  {
    field: 'hosting',
    heading: '部署方式',
    note: 'Where it runs today (第三方托管 puts the unit in batch 1, §5).',
    choices: HOSTINGS,
  },
];

/** The id format the units subgraph accepts (kit/errors.ts newId), checked before anything is sent. */
export const SYSTEM_ID = /^[a-z0-9][a-z0-9-]{1,79}$/;

/** Longest text a name may be here: the gateway's input guard refuses far longer texts anyway. */
export const MAX_NAME = 200;

/** "heading (field)" as reports and messages name a column. */
export const columnName = (column: Column) => `${column.heading} (${column.field})`;

/** A choice's value for a cell: its Chinese label, another accepted spelling or the enum name (any case). */
export function choiceOf<V extends string>(choices: Choice<V>[], cell: string): V | undefined {
  const text = cell.trim();
  const upper = text.toUpperCase().replace(/[\s-]+/g, '_');
  return choices.find((choice) => choice.value === upper || choice.label === text || choice.also?.includes(text))?.value;
}

/** The Chinese label of a value (what the template and reports write). */
export const labelOf = (choices: Choice<string>[], value: string) => choices.find((choice) => choice.value === value)?.label ?? value;

/**
 * The template's example rows: one per business type, the four kinds of hosting among them, and a classified one.
 * Their ids start with `example-` so that they read as examples wherever they are imported.
 */
export const EXAMPLES: InventorySystem[] = [
  {
    id: 'example-approval-portal',
    officialName: '行政审批服务平台',
    name: 'Administrative approval portal',
    classification: 'NON_CLASSIFIED',
    businessType: 'GOVERNMENT_SERVICE',
    hosting: 'OWN_MACHINE_ROOM',
  },
  {
    id: 'example-office-automation',
    officialName: '协同办公系统',
    name: 'Office automation system',
    classification: 'NON_CLASSIFIED',
    businessType: 'OFFICE_AUTOMATION',
    hosting: 'PARK_DATA_CENTER',
  },
  {
    id: 'example-population-register',
    officialName: '人口基础信息库',
    name: 'Population register',
    classification: 'NON_CLASSIFIED',
    businessType: 'DATA_AND_REGISTRY',
    hosting: 'CLOUD_SERVICE',
  },
  {
    id: 'example-safety-monitoring',
    officialName: '安全生产监测系统',
    name: 'Work safety monitoring system',
    classification: 'NON_CLASSIFIED',
    businessType: 'MONITORING',
    hosting: 'THIRD_PARTY_HOSTED',
  },
  {
    id: 'example-public-website',
    officialName: '门户网站',
    name: 'Public website',
    classification: 'NON_CLASSIFIED',
    businessType: 'PUBLIC_WEBSITE',
    hosting: 'CLOUD_SERVICE',
  },
  {
    id: 'example-settlement-system',
    officialName: '资金结算系统',
    name: 'Settlement system',
    classification: 'NON_CLASSIFIED',
    businessType: 'ENTERPRISE_OPERATIONS',
    hosting: 'OWN_MACHINE_ROOM',
  },
  {
    id: 'example-classified-documents',
    officialName: '涉密公文传输系统',
    name: 'Classified document exchange',
    classification: 'CLASSIFIED',
    businessType: 'OFFICE_AUTOMATION',
    hosting: 'OWN_MACHINE_ROOM',
  },
];
