/**
 * The dashboard's words, each in Chinese and English side by side: the office reads Chinese in its
 * meetings, the vendors' and analysts' teams often English, and one page serves both without a switch.
 * Units and systems carry both names from the graph (`officialName`, `name`); these are the page's own.
 */
import type { Label, Stage } from '@cq/spreadsheets/stages';

export { type Label, STAGE_LABELS, STAGES, type Stage } from '@cq/spreadsheets/stages';

/** "中文 English", the way every heading and legend entry reads. */
export const both = (label: Label) => `${label.zh} ${label.en}`;

/** Colours per stage: greys before the move, blues while moving, greens once centralised. */
export const STAGE_COLOURS: Record<Stage, string> = {
  INVENTORIED: '#c9ccd1',
  ASSESSED: '#a9b4c2',
  VENDOR_SELECTED: '#8fa3bf',
  PLAN_APPROVED: '#6f8fc0',
  MIGRATING: '#3d6fc4',
  CENTRALISED: '#3ba272',
  INTEGRATED: '#207a4f',
  RETIRED: '#9a8c7a',
  EXEMPT: '#e0b04a',
};

export const LABELS = {
  title: { zh: '信息系统集中迁移项目仪表板', en: 'Migration programme dashboard' },
  token: { zh: '访问令牌', en: 'Token' },
  useToken: { zh: '使用', en: 'Use' },
  signOut: { zh: '清除', en: 'Clear' },
  asOf: { zh: '截至日期', en: 'As of' },
  role: { zh: '角色', en: 'Role' },
  noToken: { zh: '请先输入访问令牌', en: 'Paste a token to see this panel' },
  forbidden: { zh: '您的角色无权查看此内容', en: 'Your role may not read this' },
  failed: { zh: '无法加载', en: 'Could not load' },
  loading: { zh: '加载中', en: 'Loading' },
  burnDown: { zh: '各批次未集中系统（燃尽图）', en: 'Systems not yet centralised, per batch (burn-down)' },
  remaining: { zh: '未集中系统', en: 'Not yet centralised' },
  windowEnd: { zh: '窗口截止', en: 'Window ends' },
  extension: { zh: '批准延期', en: 'Extension approved' },
  window: { zh: '迁移窗口', en: 'Window' },
  stagesCoordinating: { zh: '各牵头单位迁移阶段', en: 'Stages per coordinating unit' },
  stagesDistrict: { zh: '各区县迁移阶段', en: 'Stages per district and county' },
  overdue: { zh: '逾期系统', en: 'Overdue systems' },
  pendingExtensions: { zh: '待批延期申请', en: 'Pending extension requests' },
  capacity: { zh: '园区数据中心容量', en: 'Park capacity per data centre' },
  racks: { zh: '机柜', en: 'Racks' },
  power: { zh: '电力（千瓦）', en: 'Power (kW)' },
  used: { zh: '已用', en: 'Used' },
  free: { zh: '空闲', en: 'Free' },
  costs: { zh: '月度费用（按来源，各单位合计）', en: 'Monthly cost by source, all units (CNY)' },
  cloud: { zh: '云服务', en: 'Cloud services' },
  park: { zh: '园区托管', en: 'Park' },
  circuits: { zh: '通信线路', en: 'Circuits' },
  total: { zh: '合计', en: 'Total' },
  source: { zh: '来源', en: 'Source' },
  budget: { zh: '预算项目合规（§6.2）', en: 'Budget lines (§6.2)' },
  compliant: { zh: '合规', en: 'Compliant' },
  nonCompliant: { zh: '不合规', en: 'Non-compliant' },
  journey: { zh: '系统迁移历程', en: "A system's journey" },
  unitSystems: { zh: '单位的信息系统', en: "A unit's systems" },
  plan: { zh: '迁移方案', en: 'Plan' },
  placed: { zh: '已入园', en: 'In the park' },
  close: { zh: '关闭', en: 'Close' },
  exports: { zh: '导出报表', en: 'Export reports' },
  importTitle: { zh: '上传信息系统清单', en: 'Upload an inventory' },
  unit: { zh: '单位', en: 'Unit' },
  file: { zh: '文件', en: 'File' },
  upload: { zh: '上传', en: 'Upload' },
  system: { zh: '系统', en: 'System' },
  stage: { zh: '阶段', en: 'Stage' },
  dueDate: { zh: '到期日', en: 'Due' },
  daysOverdue: { zh: '逾期天数', en: 'Days overdue' },
  newDueDate: { zh: '申请延至', en: 'New due date' },
  requestedAt: { zh: '申请时间', en: 'Requested' },
  reason: { zh: '理由', en: 'Reason' },
  when: { zh: '时间', en: 'When' },
  who: { zh: '操作人', en: 'Who' },
  note: { zh: '说明', en: 'Note' },
  shownOf: { zh: '显示', en: 'Showing' },
  batch: { zh: '批次', en: 'Batch' },
} satisfies Record<string, Label>;

/** The reports EXPORT serves at /reports/<report>.(xlsx|csv). */
export const REPORTS: { report: string; label: Label }[] = [
  { report: 'progress', label: { zh: '进度', en: 'Progress' } },
  { report: 'overdue', label: { zh: '逾期', en: 'Overdue' } },
  { report: 'extensions', label: { zh: '延期申请', en: 'Extensions' } },
  { report: 'budget-compliance', label: { zh: '预算合规', en: 'Budget compliance' } },
  { report: 'costs', label: { zh: '费用', en: 'Costs' } },
];
