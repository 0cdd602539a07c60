// The holiday calendar the database starts with (editable afterwards under 指挥调度 → 设置).
//
// 2026: the State Council's arrangement (国务院办公厅关于2026年部分节假日安排的通知,
// 2025-11-04): every day off of each holiday period, and the make-up working days.
//
// 2027: the official arrangement is published around November of the year before and was
// not known when this was written. The days below are the statutory holidays only,
// derived by rule (全国年节及纪念日放假办法 as amended in 2024: New Year's Day; Spring
// Festival eve to the 3rd day; Qingming; 1-2 May; Dragon Boat; Mid-Autumn; 1-3 October)
// with the lunar and solar-term dates of 2027. No bridging days and no make-up working
// days: enter the official ones once the notice is out.

export interface HolidaySeed {
  date: string;
  kind: "HOLIDAY" | "WORKDAY";
  name: string;
}

function range(from: string, to: string, name: string): HolidaySeed[] {
  const out: HolidaySeed[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000))
    out.push({ date: d.toISOString().slice(0, 10), kind: "HOLIDAY", name });
  return out;
}

const work = (date: string, name: string): HolidaySeed => ({ date, kind: "WORKDAY", name: `${name}调休上班` });

export const HOLIDAYS_2026: HolidaySeed[] = [
  ...range("2026-01-01", "2026-01-03", "元旦"),
  work("2026-01-04", "元旦"),
  ...range("2026-02-15", "2026-02-23", "春节"),
  work("2026-02-14", "春节"),
  work("2026-02-28", "春节"),
  ...range("2026-04-04", "2026-04-06", "清明节"),
  ...range("2026-05-01", "2026-05-05", "劳动节"),
  work("2026-05-09", "劳动节"),
  ...range("2026-06-19", "2026-06-21", "端午节"),
  ...range("2026-09-25", "2026-09-27", "中秋节"),
  ...range("2026-10-01", "2026-10-07", "国庆节"),
  work("2026-09-20", "国庆节"),
  work("2026-10-10", "国庆节"),
];

/** Statutory days only (see above): Spring Festival 2027 is 6 February, its eve the 5th. */
export const HOLIDAYS_2027: HolidaySeed[] = [
  ...range("2027-01-01", "2027-01-01", "元旦"),
  ...range("2027-02-05", "2027-02-08", "春节"),
  ...range("2027-04-05", "2027-04-05", "清明节"),
  ...range("2027-05-01", "2027-05-02", "劳动节"),
  ...range("2027-06-09", "2027-06-09", "端午节"),
  ...range("2027-09-15", "2027-09-15", "中秋节"),
  ...range("2027-10-01", "2027-10-03", "国庆节"),
];

export const SEED_HOLIDAYS: HolidaySeed[] = [...HOLIDAYS_2026, ...HOLIDAYS_2027];
