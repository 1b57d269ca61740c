import { readFileSync } from 'node:fs';
import type { UnitRow } from '../data/schema.ts';

/**
 * A unit as the seed writes it; batch, coordinator and whether it is only encouraged to migrate are
 * derived by the §5, §6.2 and §1 rules.
 */
export type SeedUnit = Omit<
  UnitRow,
  | 'batchNumber'
  | 'voluntary'
  | 'coordinatingUnitId'
  | 'hasAdministrativeApproval'
  | 'systemsAlreadyHosted'
  | 'isPilot'
  | 'isSample'
  | 'noticeNameZh'
  | 'ownershipStake'
  | 'parentId'
> &
  Partial<
    Pick<
      UnitRow,
      | 'coordinatingUnitId'
      | 'hasAdministrativeApproval'
      | 'systemsAlreadyHosted'
      | 'isPilot'
      | 'isSample'
      | 'noticeNameZh'
      | 'ownershipStake'
      | 'parentId'
    >
  >;

/** The 12 pilot units of the notice's attachment (全市第一批信息化系统迁移单位名单), as the notice writes them. */
export const batchOneUnits: SeedUnit[] = [
  {
    id: 'general-office',
    kind: 'MUNICIPAL_DEPARTMENT',
    noticeNameZh: '市政府办公厅（市电子政务办、市口岸办）',
    nameZh: '重庆市人民政府办公厅',
    nameEn: 'General Office of the Municipal Government (incl. E-Government Office, Port Office)',
  },
  {
    id: 'economic-information-commission',
    kind: 'MUNICIPAL_DEPARTMENT',
    noticeNameZh: '市经济信息委',
    nameZh: '重庆市经济和信息化委员会',
    nameEn: 'Economic and Information Commission',
  },
  {
    id: 'human-resources-social-security-bureau',
    kind: 'MUNICIPAL_DEPARTMENT',
    noticeNameZh: '市人力社保局',
    nameZh: '重庆市人力资源和社会保障局',
    nameEn: 'Human Resources and Social Security Bureau',
  },
  { id: 'tourism-bureau', kind: 'MUNICIPAL_DEPARTMENT', noticeNameZh: '市旅游局', nameZh: '重庆市旅游局', nameEn: 'Tourism Bureau' },
  // A national new area listed among the municipal agencies, not a county-level division.
  {
    id: 'liangjiang-new-area',
    kind: 'MUNICIPAL_DEPARTMENT',
    noticeNameZh: '两江新区',
    nameZh: '重庆两江新区管理委员会',
    nameEn: 'Liangjiang New Area (administrative committee)',
  },
  { id: 'nanan-district', kind: 'DISTRICT', noticeNameZh: '南岸区', nameZh: '重庆市南岸区人民政府', nameEn: "Nan'an District" },
  { id: 'banan-district', kind: 'DISTRICT', noticeNameZh: '巴南区', nameZh: '重庆市巴南区人民政府', nameEn: 'Banan District' },
  { id: 'liangping-county', kind: 'COUNTY', noticeNameZh: '梁平县', nameZh: '梁平县人民政府', nameEn: 'Liangping County' },
  {
    id: 'information-industry-investment-promotion-centre',
    kind: 'PUBLIC_INSTITUTION',
    parentId: 'economic-information-commission',
    noticeNameZh: '重庆市信息产业投资促进中心',
    nameZh: '重庆市信息产业投资促进中心',
    nameEn: 'Information Industry Investment Promotion Centre',
  },
  {
    id: 'energy-utilisation-monitoring-centre',
    kind: 'PUBLIC_INSTITUTION',
    parentId: 'economic-information-commission',
    noticeNameZh: '重庆市能源利用监测中心',
    nameZh: '重庆市能源利用监测中心',
    nameEn: 'Energy Utilisation Monitoring Centre',
  },
  {
    id: 'rural-commercial-bank',
    kind: 'MUNICIPAL_SOE_GROUP',
    noticeNameZh: '重庆市农村商业银行',
    nameZh: '重庆农村商业银行股份有限公司',
    nameEn: 'Chongqing Rural Commercial Bank',
  },
  {
    id: 'pharmaceutical-exchange',
    kind: 'MUNICIPAL_SOE_GROUP',
    noticeNameZh: '重庆药交所',
    nameZh: '重庆药品交易所',
    nameEn: 'Chongqing Pharmaceutical Exchange',
  },
].map((unit) => ({ ...unit, isPilot: true }) as SeedUnit);

/** Real bodies the notice names outside the batch-1 list; as municipal departments they fall in batch 2. */
export const namedUnits: SeedUnit[] = [
  {
    id: 'sasac',
    kind: 'MUNICIPAL_DEPARTMENT',
    nameZh: '重庆市国有资产监督管理委员会',
    nameEn: 'State-owned Assets Supervision and Administration Commission (SASAC)',
  },
  { id: 'finance-bureau', kind: 'MUNICIPAL_DEPARTMENT', nameZh: '重庆市财政局', nameEn: 'Finance Bureau' },
];

const countyIds: Record<string, string> = { 南岸区: 'nanan-district', 巴南区: 'banan-district', 梁平县: 'liangping-county' };

/** The 38 county-level divisions of 2015 (reference data); the three pilots are already in batch 1. */
export function countyLevelUnits(): SeedUnit[] {
  const csv = readFileSync(new URL('./county-level-divisions-2015.csv', import.meta.url), 'utf8');
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [nameZh = '', nameEn = '', kind = ''] = line.split(',');
      return [nameZh, nameEn, kind] as const;
    })
    .filter(([nameZh]) => !countyIds[nameZh])
    .map(([nameZh, nameEn, kind]) => ({
      id: nameEn
        .toLowerCase()
        .replace(/'/g, '')
        .replace(/[^a-z]+/g, '-'),
      kind: kind as UnitRow['kind'],
      nameZh: nameZh.endsWith('区') ? `重庆市${nameZh}人民政府` : `${nameZh}人民政府`,
      nameEn,
    }));
}

/** Made-up units covering every kind and both the derived and the validated coordinators; marked sample. */
export const sampleUnits: SeedUnit[] = [
  {
    id: 'sample-transport-commission',
    kind: 'MUNICIPAL_DEPARTMENT',
    nameZh: '重庆市交通委员会（示例）',
    nameEn: 'Transport Commission (sample)',
  },
  {
    id: 'sample-energy-group',
    kind: 'MUNICIPAL_SOE_GROUP',
    nameZh: '重庆能源投资集团（示例）',
    nameEn: 'Energy Investment Group (sample)',
  },
  {
    id: 'sample-energy-group-power',
    kind: 'SOE_SUBSIDIARY',
    parentId: 'sample-energy-group',
    ownershipStake: 'WHOLLY_OWNED',
    nameZh: '重庆能源电力有限公司（示例）',
    nameEn: 'Energy Group Power Company (sample)',
  },
  {
    id: 'sample-energy-group-gas',
    kind: 'SOE_SUBSIDIARY',
    parentId: 'sample-energy-group',
    ownershipStake: 'HOLDING',
    nameZh: '重庆燃气股份有限公司（示例）',
    nameEn: 'Energy Group Gas Company (sample)',
  },
  {
    id: 'sample-energy-group-logistics',
    kind: 'SOE_SUBSIDIARY',
    parentId: 'sample-energy-group',
    ownershipStake: 'MINORITY',
    nameZh: '重庆能源物流有限公司（示例）',
    nameEn: 'Energy Group Logistics Company (sample)',
  },
  {
    id: 'sample-road-permits-centre',
    kind: 'PUBLIC_INSTITUTION',
    parentId: 'sample-transport-commission',
    hasAdministrativeApproval: true,
    nameZh: '重庆市道路运输许可中心（示例）',
    nameEn: 'Road Transport Permits Centre (sample)',
  },
  {
    id: 'sample-talent-service-centre',
    kind: 'PUBLIC_INSTITUTION',
    parentId: 'human-resources-social-security-bureau',
    nameZh: '重庆市人才服务中心（示例）',
    nameEn: 'Talent Service Centre (sample)',
  },
  {
    id: 'sample-yuzhong-approval-centre',
    kind: 'PUBLIC_INSTITUTION',
    parentId: 'yuzhong-district',
    hasAdministrativeApproval: true,
    nameZh: '渝中区行政审批服务中心（示例）',
    nameEn: 'Yuzhong Administrative Approval Centre (sample)',
  },
  {
    id: 'sample-nanan-water-company',
    kind: 'SOE_SUBSIDIARY',
    parentId: 'nanan-district',
    ownershipStake: 'WHOLLY_OWNED',
    nameZh: '南岸区水务有限公司（示例）',
    nameEn: "Nan'an Water Company (sample)",
  },
  {
    id: 'sample-hosted-archives-centre',
    kind: 'PUBLIC_INSTITUTION',
    parentId: 'tourism-bureau',
    systemsAlreadyHosted: true,
    nameZh: '重庆市旅游信息中心（示例）',
    nameEn: 'Tourism Information Centre, systems already hosted (sample)',
  },
  // Central units are only encouraged to migrate (§1); the notice fixes no coordinator, so one is named.
  {
    id: 'sample-central-statistics-survey',
    kind: 'CENTRAL_AGENCY',
    coordinatingUnitId: 'economic-information-commission',
    nameZh: '国家统计局重庆调查总队（示例）',
    nameEn: 'National Statistics Survey Office in Chongqing (sample)',
  },
  {
    id: 'sample-central-power-grid',
    kind: 'CENTRAL_SOE',
    coordinatingUnitId: 'sasac',
    nameZh: '国网重庆市电力公司（示例）',
    nameEn: 'State Grid Chongqing Electric Power (sample)',
  },
].map((unit) => ({ ...unit, isSample: true }) as SeedUnit);

/**
 * Made-up units for scale tests and benchmarks: every fifth a district government coordinating the four
 * public institutions after it. All are batch 3 and marked sample.
 */
export function generatedUnits(count: number): SeedUnit[] {
  return Array.from({ length: count }, (_, i) => {
    const district = i - (i % 5);
    return i % 5 === 0
      ? {
          id: `generated-district-${i}`,
          kind: 'DISTRICT',
          nameZh: `示例区${i}`,
          nameEn: `Generated District ${i} (sample)`,
          isSample: true,
        }
      : {
          id: `generated-institution-${i}`,
          kind: 'PUBLIC_INSTITUTION',
          parentId: `generated-district-${district}`,
          nameZh: `示例事业单位${i}`,
          nameEn: `Generated Institution ${i} (sample)`,
          isSample: true,
        };
  }) as SeedUnit[];
}
