/**
 * The stages of a system's migration as every view of the programme names them (the dashboard, the
 * exported reports): the steps of §3 and the milestones of §2.2 in their order, EXEMPT last, as the graph's
 * `byStage` lists them, each in Chinese and English. No dependency: the dashboard's browser bundle imports it.
 */

/** One label in both languages. */
export interface Label {
  zh: string;
  en: string;
}

export const STAGES = [
  'INVENTORIED',
  'ASSESSED',
  'VENDOR_SELECTED',
  'PLAN_APPROVED',
  'MIGRATING',
  'CENTRALISED',
  'INTEGRATED',
  'RETIRED',
  'EXEMPT',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, Label> = {
  INVENTORIED: { zh: '已登记', en: 'Inventoried' },
  ASSESSED: { zh: '已评估', en: 'Assessed' },
  VENDOR_SELECTED: { zh: '已选定云服务商', en: 'Provider selected' },
  PLAN_APPROVED: { zh: '方案已批准', en: 'Plan approved' },
  MIGRATING: { zh: '迁移中', en: 'Migrating' },
  CENTRALISED: { zh: '已集中', en: 'Centralised' },
  INTEGRATED: { zh: '已整合', en: 'Integrated' },
  RETIRED: { zh: '已停用', en: 'Retired' },
  EXEMPT: { zh: '涉密豁免', en: 'Exempt (classified)' },
};
