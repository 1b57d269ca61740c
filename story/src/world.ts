/**
 * What the story relies on from the subgraphs that do not own it: the park's data centres (their ids,
 * kinds and the Government Cloud Platform's opening day) and the providers' catalogue (which provider
 * sells which services, and where its own data centre is). Each owner's seed checks, when it seeds, that
 * it holds what is named here (park: `checkStory`, vendors: `checkStory`), so the story cannot drift from
 * them unseen. Plus the small tools every part of the story uses to stay deterministic.
 */

/** The transitional government data centre (§4), run by Chongqing Cloud Computing Investment & Operation Co. */
export const TRANSITIONAL_DATA_CENTER = 'transitional-government-data-center';
/** The Government Cloud Platform (§4). */
export const GOVERNMENT_CLOUD_PLATFORM = 'government-cloud-platform';

/**
 * The day the Government Cloud Platform opens (a sample date: the notice says only that government
 * systems go to the transitional centre until it opens). The park seed takes its `opensOn` from here, so
 * the plans of the story and the park's opening day are one fact.
 */
export const PLATFORM_OPENS_ON = '2016-01-01';

export type DataCenterKind = 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' | 'GOVERNMENT_CLOUD_PLATFORM' | 'PARK_DATA_CENTER';

/** The park's data centres the story sends systems to, with the kind the §4 rules judge by. */
export const dataCenters: readonly { id: string; kind: DataCenterKind; opensOn: string | null }[] = [
  { id: TRANSITIONAL_DATA_CENTER, kind: 'TRANSITIONAL_GOVERNMENT_DATA_CENTER', opensOn: null },
  { id: GOVERNMENT_CLOUD_PLATFORM, kind: 'GOVERNMENT_CLOUD_PLATFORM', opensOn: PLATFORM_OPENS_ON },
  { id: 'sample-jialing-data-center', kind: 'PARK_DATA_CENTER', opensOn: null },
  { id: 'sample-yangtze-data-center', kind: 'PARK_DATA_CENTER', opensOn: null },
];

export function kindOf(dataCenterId: string): DataCenterKind {
  const dc = dataCenters.find((d) => d.id === dataCenterId);
  if (!dc) throw new Error(`The story names no data centre ${dataCenterId}.`);
  return dc.kind;
}

/** How much of a service one system buys: `min + step × n` for a stable n below `steps`. */
interface Quantity {
  min: number;
  step: number;
  steps: number;
}

/**
 * The providers systems select (§3.2), with the services bought for each system and the data centre of
 * the park their own services run in. The vendors seed holds their catalogue and prices.
 */
export const providers: readonly {
  id: string;
  /** Short name used in contract ids. */
  short: string;
  services: { id: string; quantity: Quantity | 'racks' }[];
  dataCenter: string;
}[] = [
  {
    id: 'chongqing-cloud-investment',
    short: 'cci',
    services: [
      { id: 'cci-gov-vm', quantity: { min: 16, step: 16, steps: 6 } },
      { id: 'cci-gov-storage', quantity: { min: 2, step: 2, steps: 10 } },
    ],
    dataCenter: TRANSITIONAL_DATA_CENTER,
  },
  {
    id: 'sample-jialing-cloud',
    short: 'jialing',
    services: [
      { id: 'jialing-vm', quantity: { min: 16, step: 16, steps: 8 } },
      { id: 'jialing-backup', quantity: { min: 4, step: 4, steps: 10 } },
    ],
    dataCenter: 'sample-jialing-data-center',
  },
  {
    id: 'sample-shancheng-data',
    short: 'shancheng',
    services: [{ id: 'shancheng-rds', quantity: { min: 2, step: 2, steps: 12 } }],
    dataCenter: 'sample-jialing-data-center',
  },
  {
    id: 'sample-yangtze-cloud',
    short: 'yangtze',
    // Equipment hosting is bought by the rack: as many as the system takes in the park.
    services: [
      { id: 'yangtze-hosting', quantity: 'racks' },
      { id: 'yangtze-oa', quantity: { min: 50, step: 50, steps: 10 } },
    ],
    dataCenter: 'sample-yangtze-data-center',
  },
];

/** Where units whose systems were already hosted (§5) had them hosted before the programme. */
export const PRE_PROGRAMME_HOSTING = { vendorId: 'sample-yangtze-cloud', serviceId: 'yangtze-hosting', since: '2013-01-01' };

/** A stable number in [0, 1) for a text: the same story on every seed. */
export function chance(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

/** A stable whole number from `min` up, in `steps` steps of `step`. */
export const amount = (q: Quantity, key: string) => q.min + q.step * Math.floor(chance(key) * q.steps);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.round(days));
  return d.toISOString().slice(0, 10);
}

export const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/** A moment in Asia/Shanghai on a day (10:00 unless said otherwise). */
export const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

/** The calendar day (Asia/Shanghai) of a moment. */
export const dayOf = (moment: Date) => new Date(moment.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The element a number in [0, 1) picks from a list that is not empty. */
export function pick<T>(list: readonly T[], at: number): T {
  const item = list[Math.floor(at * list.length)];
  if (item === undefined) throw new Error('Nothing to pick from.');
  return item;
}
