import type { SystemRow, UnitRow } from '../data/schema.ts';

type Template = Pick<SystemRow, 'nameEn' | 'nameZh' | 'businessType'>;

/** Kinds of system a unit of each sort typically runs; the systems made from them are sample data. */
const templates: Record<'government' | 'enterprise' | 'institution', Template[]> = {
  government: [
    { nameEn: 'Administrative approval system', nameZh: '行政审批系统', businessType: 'GOVERNMENT_SERVICE' },
    { nameEn: 'Office automation system', nameZh: '办公自动化系统', businessType: 'OFFICE_AUTOMATION' },
    { nameEn: 'Government portal website', nameZh: '政府门户网站', businessType: 'PUBLIC_WEBSITE' },
    { nameEn: 'Confidential document exchange', nameZh: '涉密公文交换系统', businessType: 'OFFICE_AUTOMATION' },
  ],
  enterprise: [
    { nameEn: 'Core business system', nameZh: '核心业务系统', businessType: 'ENTERPRISE_OPERATIONS' },
    { nameEn: 'Enterprise resource planning', nameZh: '企业资源计划系统', businessType: 'ENTERPRISE_OPERATIONS' },
    { nameEn: 'Corporate website', nameZh: '企业门户网站', businessType: 'PUBLIC_WEBSITE' },
  ],
  institution: [
    { nameEn: 'Monitoring platform', nameZh: '监测平台', businessType: 'MONITORING' },
    { nameEn: 'Registry database', nameZh: '基础数据库', businessType: 'DATA_AND_REGISTRY' },
    { nameEn: 'Public information website', nameZh: '信息发布网站', businessType: 'PUBLIC_WEBSITE' },
  ],
};

function familyOf(kind: UnitRow['kind']): keyof typeof templates {
  if (kind === 'MUNICIPAL_SOE_GROUP' || kind === 'SOE_SUBSIDIARY' || kind === 'CENTRAL_SOE') return 'enterprise';
  if (kind === 'PUBLIC_INSTITUTION') return 'institution';
  return 'government';
}

/**
 * Sample systems for a unit: pilots get every template of their family, others the first two. A system
 * made from a "confidential" template is classified, so every report shows exempt systems too.
 */
export function sampleSystemsFor(unit: UnitRow): Omit<SystemRow, 'stage' | 'version'>[] {
  const family = templates[familyOf(unit.kind)];
  const chosen = unit.isPilot || unit.kind === 'MUNICIPAL_DEPARTMENT' ? family : family.slice(0, 2);
  return chosen.map((template, index) => ({
    id: `${unit.id}-system-${index + 1}`,
    unitId: unit.id,
    nameEn: `${unit.nameEn.replace(/ \(sample\)$/, '')}: ${template.nameEn}`,
    nameZh: `${unit.nameZh.replace(/（示例）$/, '')}${template.nameZh}`,
    businessType: template.businessType,
    classification: template.nameZh.startsWith('涉密') ? 'CLASSIFIED' : 'NON_CLASSIFIED',
    hosting: unit.systemsAlreadyHosted ? 'THIRD_PARTY_HOSTED' : 'OWN_MACHINE_ROOM',
    isSample: true,
  }));
}
