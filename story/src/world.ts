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

// Days are written YYYY-MM-DD and moments are in Asia/Shanghai. They are computed on day numbers rather
// than parsed text: a generated programme (scripts/generate) asks for millions of them.
const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

const numbers = new Map<string, number>();
const texts = new Map<number, string>();

/** Days since 1970-01-01 of a day written YYYY-MM-DD. */
function dayNumber(day: string): number {
  let n = numbers.get(day);
  if (n === undefined) {
    n = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY;
    if (!Number.isInteger(n)) throw new Error(`${day} is not a day.`);
    numbers.set(day, n);
  }
  return n;
}

function dayText(n: number): string {
  let text = texts.get(n);
  if (text === undefined) {
    text = new Date(n * DAY).toISOString().slice(0, 10);
    texts.set(n, text);
  }
  return text;
}

export const addDays = (day: string, days: number) => dayText(dayNumber(day) + Math.round(days));

export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

/** A moment in Asia/Shanghai on a day, at a time written HH:MM (10:00 unless said otherwise). */
export function at(day: string, time = '10:00'): Date {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return new Date(dayNumber(day) * DAY + minutes * 60_000 - SHANGHAI);
}

/** The calendar day (Asia/Shanghai) of a moment. */
export const dayOf = (moment: Date) => dayText(Math.floor((moment.getTime() + SHANGHAI) / DAY));

/** The element a number in [0, 1) picks from a list that is not empty. */
export function pick<T>(list: readonly T[], at: number): T {
  const item = list[Math.floor(at * list.length)];
  if (item === undefined) throw new Error('Nothing to pick from.');
  return item;
}
