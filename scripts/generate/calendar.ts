/**
 * Days and moments of the programme, as the story tells them (story/src/world.ts: days written YYYY-MM-DD,
 * moments in Asia/Shanghai), computed on day numbers instead of parsed text: a generated programme asks
 * for millions of them, and parsing each one would take seconds.
 */
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
