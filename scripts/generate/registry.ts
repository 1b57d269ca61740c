/**
 * The generated registry: units of every kind the notice names below the real ones (institutions under
 * departments and districts, SOE groups with their subsidiaries, central agencies and SOEs, a few
 * departments and units whose systems are already hosted), each with the batch, coordinating unit and
 * voluntariness the units subgraph derives for it (`createUnit` applies the same rule functions), and its
 * information systems. Everything is marked sample; ids start with `gen-`.
 */
import { derivedBatch, derivedCoordinator, derivedVoluntary, SASAC_ID, SELF_COORDINATING_KINDS } from '@cq/units/rules';
import type { SystemRow, UnitRow } from '@cq/units/schema';
import { type Random, streamFor } from './random.ts';
import { GENERATED, type World } from './world.ts';

type Kind = UnitRow['kind'];
export type Family = 'government' | 'enterprise' | 'institution';

export interface GeneratedUnit {
  row: UnitRow;
  family: Family;
  /** How many systems it registers. */
  systemCount: number;
}

/** A system as registered (its stage and version follow from its history, timeline.ts). */
export type RegisteredSystem = Omit<SystemRow, 'stage' | 'version'>;

const TOPICS: [string, string][] = [
  ['Archives', '档案'],
  ['Statistics', '统计'],
  ['Environmental Monitoring', '环境监测'],
  ['Water Resources', '水资源'],
  ['Land Registry', '不动产登记'],
  ['Education Resources', '教育资源'],
  ['Transport Information', '交通信息'],
  ['Social Insurance', '社会保险'],
  ['Housing Provident Fund', '住房公积金'],
  ['Food Safety', '食品安全'],
  ['Meteorological Service', '气象服务'],
  ['Public Health', '公共卫生'],
  ['Market Supervision', '市场监管'],
  ['Civil Affairs', '民政'],
  ['Cultural Heritage', '文物保护'],
  ['Forestry', '林业'],
];

const INDUSTRIES: [string, string][] = [
  ['Construction', '建工'],
  ['Water Group', '水务'],
  ['Transport Holdings', '交通控股'],
  ['Energy', '能源'],
  ['Logistics', '物流'],
  ['Tourism Investment', '旅游投资'],
  ['Urban Development', '城市开发'],
  ['Pharmaceuticals', '医药'],
  ['Machinery', '机电'],
  ['Agricultural Investment', '农业投资'],
];

const familyOf = (kind: Kind): Family =>
  kind === 'MUNICIPAL_SOE_GROUP' || kind === 'SOE_SUBSIDIARY' || kind === 'CENTRAL_SOE'
    ? 'enterprise'
    : kind === 'PUBLIC_INSTITUTION' || kind === 'CENTRAL_AGENCY'
      ? 'institution'
      : 'government';

/** What a draft unit is before the rules derive the rest. */
interface Draft {
  id: string;
  kind: Kind;
  nameEn: string;
  nameZh: string;
  parent: UnitRow | null;
  /** Only where §6.2 fixes none (central units): named, as createUnit requires. */
  coordinatingUnitId?: string;
  ownershipStake?: UnitRow['ownershipStake'];
  hasAdministrativeApproval?: boolean;
  systemsAlreadyHosted?: boolean;
}

/** The unit row createUnit would write for a draft: batch, coordinator and voluntariness derived (§1, §5, §6.2). */
function registered(draft: Draft, byId: Map<string, UnitRow>): UnitRow {
  const base = {
    id: draft.id,
    kind: draft.kind,
    parentId: draft.parent?.id ?? null,
    isPilot: false,
    systemsAlreadyHosted: draft.systemsAlreadyHosted ?? false,
    voluntary: derivedVoluntary(draft, draft.parent),
  };
  const derived = derivedCoordinator(base, draft.parent);
  const coordinatingUnitId = derived ?? draft.coordinatingUnitId;
  const coordinator = coordinatingUnitId ? byId.get(coordinatingUnitId) : undefined;
  // COORDINATOR_REQUIRED, COORDINATOR_INVALID: a named coordinator is a department or district government.
  if (!coordinatingUnitId || (!derived && (!coordinator || !SELF_COORDINATING_KINDS.includes(coordinator.kind))))
    throw new Error(`Generated unit ${draft.id} has no valid coordinating unit.`);
  return {
    ...base,
    nameEn: draft.nameEn,
    nameZh: draft.nameZh,
    noticeNameZh: null,
    ownershipStake: draft.ownershipStake ?? null,
    coordinatingUnitId,
    hasAdministrativeApproval: draft.hasAdministrativeApproval ?? false,
    batchNumber: derivedBatch(base),
    isSample: true,
  };
}

/**
 * How many systems each of `units` units registers, `systems` in all: uneven (a few large units, many
 * small ones), summing exactly.
 */
function systemCounts(units: number, systems: number, rng: Random): number[] {
  const weights = Array.from({ length: units }, () => 0.2 + rng.next() ** 2 * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let given = 0;
  return weights.map((w) => {
    cumulative += w;
    const upTo = Math.round((systems * cumulative) / total);
    const count = upTo - given;
    given = upTo;
    return count;
  });
}

/** The generated units, parents before their children, with derived batch, coordinator and voluntariness. */
export function generateUnits(world: World, count: number, systems: number, seed: number): GeneratedUnit[] {
  const byId = new Map(world.units.map((u) => [u.id, u]));
  const real = world.units.filter((u) => !u.id.startsWith(GENERATED));
  const departments = real.filter((u) => u.kind === 'MUNICIPAL_DEPARTMENT' && !u.parentId);
  const counties = real.filter((u) => u.kind === 'DISTRICT' || u.kind === 'COUNTY' || u.kind === 'AUTONOMOUS_COUNTY');
  if (!departments.length || !counties.length || !byId.has(SASAC_ID))
    throw new Error('The units database holds no municipal departments, districts or SASAC to put generated units under.');
  const groups: UnitRow[] = [];
  const centralSoes: UnitRow[] = [];
  const centralAgencies: UnitRow[] = [];
  const counts = systemCounts(count, systems, streamFor(seed, 'system-counts'));
  const units: GeneratedUnit[] = [];
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const rng = streamFor(seed, 'unit', i);
    const n = String(i + 1).padStart(width, '0');
    const [topicEn, topicZh] = rng.pick(TOPICS);
    const [industryEn, industryZh] = rng.pick(INDUSTRIES);
    const roll = rng.next();
    let draft: Draft;
    if (roll < 0.06) {
      draft = {
        id: `${GENERATED}soe-group-${n}`,
        kind: 'MUNICIPAL_SOE_GROUP',
        nameEn: `${industryEn} Group ${n} (generated)`,
        nameZh: `重庆${industryZh}集团${n}（生成）`,
        parent: null,
      };
    } else if (roll < 0.3) {
      // A subsidiary of a generated group (most), a central SOE's, or a district's own enterprise.
      const parent =
        groups.length && rng.chance(0.65)
          ? rng.pick(groups)
          : centralSoes.length && rng.chance(0.15)
            ? rng.pick(centralSoes)
            : rng.pick(counties);
      draft = {
        id: `${GENERATED}soe-subsidiary-${n}`,
        kind: 'SOE_SUBSIDIARY',
        nameEn: `${parent.nameEn.replace(/ \((generated|sample)\)$/, '')} ${industryEn} Company ${n} (generated)`,
        nameZh: `${industryZh}有限公司${n}（生成）`,
        parent,
        ownershipStake: rng.weighted([
          ['WHOLLY_OWNED', 5],
          ['HOLDING', 3],
          ['MINORITY', 2],
        ] as const),
        systemsAlreadyHosted: rng.chance(0.02),
      };
    } else if (roll < 0.8) {
      const parent = rng.chance(0.4) ? rng.pick(departments) : rng.pick(counties);
      draft = {
        id: `${GENERATED}institution-${n}`,
        kind: 'PUBLIC_INSTITUTION',
        nameEn: `${parent.nameEn.replace(/ \((generated|sample)\)$/, '')} ${topicEn} Centre ${n} (generated)`,
        nameZh: `${topicZh}中心${n}（生成）`,
        parent,
        hasAdministrativeApproval: rng.chance(0.2),
        systemsAlreadyHosted: rng.chance(0.03),
      };
    } else if (roll < 0.815) {
      draft = {
        id: `${GENERATED}department-${n}`,
        kind: 'MUNICIPAL_DEPARTMENT',
        nameEn: `${topicEn} Office ${n} (generated)`,
        nameZh: `重庆市${topicZh}办公室${n}（生成）`,
        parent: null,
      };
    } else if (roll < 0.88) {
      // §1: central units are only encouraged; the notice fixes no coordinator, so one is named.
      draft = {
        id: `${GENERATED}central-agency-${n}`,
        kind: 'CENTRAL_AGENCY',
        nameEn: `National ${topicEn} Office in Chongqing ${n} (generated)`,
        nameZh: `国家${topicZh}驻渝机构${n}（生成）`,
        parent: null,
        coordinatingUnitId: rng.pick(departments).id,
      };
    } else if (roll < 0.93) {
      draft = {
        id: `${GENERATED}central-soe-${n}`,
        kind: 'CENTRAL_SOE',
        nameEn: `China ${industryEn} Chongqing Branch ${n} (generated)`,
        nameZh: `中国${industryZh}重庆分公司${n}（生成）`,
        parent: null,
        coordinatingUnitId: SASAC_ID,
      };
    } else {
      // An institution below a central agency: only encouraged too, by its parent (§1).
      const parent = centralAgencies.length ? rng.pick(centralAgencies) : rng.pick(departments);
      draft = {
        id: `${GENERATED}institution-${n}`,
        kind: 'PUBLIC_INSTITUTION',
        nameEn: `${parent.nameEn.replace(/ \((generated|sample)\)$/, '')} ${topicEn} Station ${n} (generated)`,
        nameZh: `${topicZh}站${n}（生成）`,
        parent,
      };
    }
    const row = registered(draft, byId);
    byId.set(row.id, row);
    if (row.kind === 'MUNICIPAL_SOE_GROUP') groups.push(row);
    if (row.kind === 'CENTRAL_SOE') centralSoes.push(row);
    if (row.kind === 'CENTRAL_AGENCY') centralAgencies.push(row);
    units.push({ row, family: familyOf(row.kind), systemCount: counts[i] ?? 0 });
  }
  return units;
}

type Template = Pick<SystemRow, 'nameEn' | 'nameZh' | 'businessType'>;

/** Kinds of system each family runs (sample); confidential ones are classified (§1). */
const TEMPLATES: Record<Family, Template[]> = {
  government: [
    { nameEn: 'Administrative approval system', nameZh: '行政审批系统', businessType: 'GOVERNMENT_SERVICE' },
    { nameEn: 'Office automation system', nameZh: '办公自动化系统', businessType: 'OFFICE_AUTOMATION' },
    { nameEn: 'Government portal website', nameZh: '政府门户网站', businessType: 'PUBLIC_WEBSITE' },
    { nameEn: 'Case handling system', nameZh: '业务办理系统', businessType: 'GOVERNMENT_SERVICE' },
    { nameEn: 'Basic data registry', nameZh: '基础数据库', businessType: 'DATA_AND_REGISTRY' },
    { nameEn: 'Video monitoring platform', nameZh: '视频监控平台', businessType: 'MONITORING' },
  ],
  enterprise: [
    { nameEn: 'Core business system', nameZh: '核心业务系统', businessType: 'ENTERPRISE_OPERATIONS' },
    { nameEn: 'Enterprise resource planning', nameZh: '企业资源计划系统', businessType: 'ENTERPRISE_OPERATIONS' },
    { nameEn: 'Corporate website', nameZh: '企业门户网站', businessType: 'PUBLIC_WEBSITE' },
    { nameEn: 'Collaborative office system', nameZh: '协同办公系统', businessType: 'OFFICE_AUTOMATION' },
    { nameEn: 'Production monitoring system', nameZh: '生产监控系统', businessType: 'MONITORING' },
  ],
  institution: [
    { nameEn: 'Monitoring platform', nameZh: '监测平台', businessType: 'MONITORING' },
    { nameEn: 'Registry database', nameZh: '基础数据库', businessType: 'DATA_AND_REGISTRY' },
    { nameEn: 'Public information website', nameZh: '信息发布网站', businessType: 'PUBLIC_WEBSITE' },
    { nameEn: 'Service hall system', nameZh: '服务大厅系统', businessType: 'GOVERNMENT_SERVICE' },
    { nameEn: 'Office automation system', nameZh: '办公自动化系统', businessType: 'OFFICE_AUTOMATION' },
  ],
};

const CONFIDENTIAL: Template = { nameEn: 'Confidential document exchange', nameZh: '涉密公文交换系统', businessType: 'OFFICE_AUTOMATION' };

/** A unit's systems: `unit.systemCount` of them, a few classified; hosted by a third party where the unit's are (§5). */
export function systemsOf(unit: GeneratedUnit, rng: Random): RegisteredSystem[] {
  const templates = TEMPLATES[unit.family];
  const classifiedShare = unit.family === 'government' ? 0.08 : unit.family === 'institution' ? 0.04 : 0.02;
  const shortEn = unit.row.nameEn.replace(/ \(generated\)$/, '');
  const shortZh = unit.row.nameZh.replace(/（生成）$/, '');
  return Array.from({ length: unit.systemCount }, (_, index) => {
    const classified = rng.chance(classifiedShare);
    const template = classified ? CONFIDENTIAL : (templates[index % templates.length] ?? CONFIDENTIAL);
    const round = Math.floor(index / templates.length);
    const suffix = round ? ` ${round + 1}` : '';
    return {
      id: `${unit.row.id}-system-${index + 1}`,
      unitId: unit.row.id,
      nameEn: `${shortEn}: ${template.nameEn}${suffix}`,
      nameZh: `${shortZh}${template.nameZh}${suffix}`,
      businessType: template.businessType,
      classification: classified ? 'CLASSIFIED' : 'NON_CLASSIFIED',
      // §5: a unit whose systems are already hosted has them with a third party; no other unit does.
      hosting: unit.row.systemsAlreadyHosted ? 'THIRD_PARTY_HOSTED' : 'OWN_MACHINE_ROOM',
      isSample: true,
    };
  });
}
