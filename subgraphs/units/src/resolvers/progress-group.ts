import type { ProgressGroupResolvers, UnitKind } from '../generated/resolvers.ts';

/** Names of unit kinds for people, as report groups show them. */
const UNIT_KIND_NAMES: Record<UnitKind, string> = {
  MUNICIPAL_DEPARTMENT: 'Municipal departments (市级部门)',
  DISTRICT: 'District governments (区)',
  COUNTY: 'County governments (县)',
  AUTONOMOUS_COUNTY: 'Autonomous county governments (自治县)',
  MUNICIPAL_SOE_GROUP: 'Municipal SOE groups (市属国有企业集团)',
  SOE_SUBSIDIARY: 'SOE subsidiaries (国有企业下属单位)',
  PUBLIC_INSTITUTION: 'Public institutions (事业单位)',
  CENTRAL_AGENCY: 'Central agencies in Chongqing (中央驻渝机构)',
  CENTRAL_SOE: 'Central SOEs in Chongqing (在渝央企)',
};

const isUnitKind = (key: string): key is UnitKind => key in UNIT_KIND_NAMES;

export const ProgressGroup: ProgressGroupResolvers = {
  label: async (g, _, { loaders }) => {
    if (g.grouping === 'BATCH') return (await loaders.batch.load(Number(g.key)))?.nameEn ?? g.key;
    if (g.grouping === 'COORDINATING_UNIT') return (await loaders.unit.load(g.key))?.nameEn ?? g.key;
    return isUnitKind(g.key) ? UNIT_KIND_NAMES[g.key] : g.key;
  },
  batch: (g, _, { loaders }) => (g.grouping === 'BATCH' ? loaders.batch.load(Number(g.key)) : null),
  coordinatingUnit: (g, _, { loaders }) => (g.grouping === 'COORDINATING_UNIT' ? loaders.unit.load(g.key) : null),
  unitKind: (g) => (g.grouping === 'UNIT_KIND' && isUnitKind(g.key) ? g.key : null),
};
