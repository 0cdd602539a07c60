// Calendar arithmetic in China Standard Time (UTC+8 all year, no daylight saving), so a
// "day", "week" and "month" mean what they mean to the grid worker whatever the server's
// time zone. Pure: used by the server, the browser and unit tests.

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Midnight (China time) that starts the day holding `at`. */
export function startOfDayCN(at: Date): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS);
}

/** The instant just after the day holding `at` ends (the next midnight, China time). */
export function endOfDayCN(at: Date): Date {
  return new Date(startOfDayCN(at).getTime() + DAY_MS);
}

/** The next Monday midnight after `at` (weeks run Monday to Sunday). */
export function endOfWeekCN(at: Date): Date {
  const start = startOfDayCN(at);
  const weekday = new Date(start.getTime() + OFFSET_MS).getUTCDay(); // 0 = Sunday
  const daysLeft = weekday === 0 ? 1 : 8 - weekday;
  return new Date(start.getTime() + daysLeft * DAY_MS);
}

export interface Period {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** "YYYY-MM" of the month holding `at`, China time. */
export function monthKeyCN(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The calendar month "YYYY-MM" as a period in China time; null for anything else. */
export function monthPeriodCN(key: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
  return {
    start: new Date(Date.UTC(year, month - 1, 1) - OFFSET_MS),
    end: new Date(Date.UTC(year, month, 1) - OFFSET_MS),
  };
}

/** The month before "YYYY-MM". */
export function previousMonthKey(key: string): string {
  const p = monthPeriodCN(key);
  if (!p) return key;
  return monthKeyCN(new Date(p.start.getTime() - 1));
}

/** "YYYY-MM-DDTHH:mm" in China time, the value of an <input type="datetime-local">. */
export function toCnInput(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** An <input type="datetime-local"> value read as China time, as ISO 8601 with its offset. */
export function fromCnInput(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value;
}

/** "YYYY-MM-DD" of the day holding `at`, China time (an <input type="date"> value). */
export function cnDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}
