import { describe, expect, it } from "vitest";
import { centerRates, countCenter, countEvents, eventRates, perThousand, ratio, riskScore, visitCompletion, type EventFacts } from "./rates";

const at = (s: string) => new Date(s);
const now = at("2026-11-20T04:00:00Z");
const w = {
  today: { start: at("2026-11-19T16:00:00Z"), end: at("2026-11-20T16:00:00Z") },
  month: { start: at("2026-10-31T16:00:00Z"), end: at("2026-11-30T16:00:00Z") },
  period: { start: at("2026-10-31T16:00:00Z"), end: at("2026-11-30T16:00:00Z") },
};

function ev(p: Partial<EventFacts>): EventFacts {
  return { state: "CLOSED", source: "GRID_REPORT", isOpen: false, reportedAt: at("2026-11-02T02:00:00Z"), closedAt: at("2026-11-05T02:00:00Z"), dueAt: null, resolvedLevel: "GRID", rating: 5, anyDeadlineFired: false, ...p };
}

describe("dashboard rates", () => {
  it("counts reports by window, leaving merged duplicates out", () => {
    const c = countEvents(
      [
        ev({ reportedAt: at("2026-11-20T01:00:00Z") }), // today, Beijing
        ev({ reportedAt: at("2026-11-19T15:59:00Z") }), // yesterday 23:59 Beijing
        ev({ reportedAt: at("2026-11-20T01:00:00Z"), state: "MERGED" }),
        ev({ reportedAt: at("2026-10-31T15:59:00Z") }), // 31 October in Beijing
      ],
      w,
      now,
    );
    expect([c.reportedToday, c.reportedMonth, c.reportedPeriod]).toEqual([1, 2, 2]);
  });

  it("counts open and overdue events now", () => {
    const c = countEvents(
      [
        ev({ state: "PROCESSING", isOpen: true, closedAt: null, dueAt: at("2026-11-20T03:59:00Z") }),
        ev({ state: "REPORTED", isOpen: true, closedAt: null, dueAt: at("2026-11-20T04:01:00Z") }),
        ev({ state: "FEEDBACK", isOpen: true, closedAt: null, dueAt: null }),
      ],
      w,
      now,
    );
    expect([c.open, c.overdue, c.closed]).toEqual([3, 1, 0]);
  });

  it("derives on-time, grid, community and satisfaction rates from closed events", () => {
    const events = [
      ev({}), // on time, grid, satisfied
      ev({ anyDeadlineFired: true, resolvedLevel: "VILLAGE", rating: 3 }), // late, community
      ev({ resolvedLevel: "TOWNSHIP", rating: null }),
      ev({ source: "CENTER_INTAKE", resolvedLevel: "DEPARTMENT", rating: 4 }), // not grassroots
      ev({ state: "REJECTED", rating: null }), // never handled
      ev({ closedAt: at("2026-10-30T00:00:00Z") }), // closed before the period
    ];
    const c = countEvents(events, w, now);
    expect(c).toMatchObject({ closed: 4, onTime: 3, grassroots: 3, resolvedGrid: 1, resolvedCommunity: 2, rated: 3, satisfied: 2, ratingSum: 12 });
    const r = eventRates(c);
    expect(r.onTime.rate).toBe(0.75);
    expect(r.resolvedGrid.rate).toBeCloseTo(1 / 3);
    expect(r.resolvedCommunity.rate).toBeCloseTo(2 / 3);
    expect(r.satisfaction.rate).toBeCloseTo(2 / 3);
    expect(r.meanRating).toBe(4);
  });

  it("answers null, not zero, without a denominator", () => {
    expect(ratio(0, 0).rate).toBeNull();
    expect(eventRates(countEvents([], w, now)).onTime.rate).toBeNull();
    expect(perThousand(3, 0)).toBeNull();
    expect(perThousand(3, 1500)).toBe(2);
  });

  it("adds visit months up household by household", () => {
    const v = visitCompletion([
      { due: 10, onTime: 6, late: 2, pending: 2 },
      { due: 5, onTime: 1, late: 3, pending: 1 },
    ]);
    expect(v).toMatchObject({ num: 7, den: 12, due: 15, pending: 3 });
    expect(v.rate).toBeCloseTo(7 / 12);
    expect(visitCompletion([{ due: 2, onTime: 0, late: 0, pending: 2 }]).rate).toBeNull();
  });

  it("counts mediations, petitions on time and open disputes by risk as the center module does", () => {
    const inNov = at("2026-11-10T02:00:00Z");
    const c = countCenter(
      [
        { status: "CLOSED", risk: "RED", concludedAt: inNov, agreed: true, referred: false },
        { status: "REFERRED", risk: "ORANGE", concludedAt: inNov, agreed: false, referred: true },
        { status: "AGREED", risk: "YELLOW", concludedAt: inNov, agreed: true, referred: false }, // open: being followed up
        { status: "MEDIATING", risk: "RED", concludedAt: null, agreed: false, referred: false },
        { status: "CLOSED", risk: "GREEN", concludedAt: at("2026-10-10T02:00:00Z"), agreed: true, referred: false },
      ],
      [
        { repliedAt: inNov, repliedOnTime: true },
        { repliedAt: inNov, repliedOnTime: false },
        { repliedAt: null, repliedOnTime: null },
      ],
      w.period,
    );
    expect(c).toEqual({ concluded: 3, agreed: 2, referred: 1, replied: 2, repliedOnTime: 1, openByRisk: { RED: 1, ORANGE: 0, YELLOW: 1, GREEN: 0 } });
    expect(centerRates(c).mediation.rate).toBeCloseTo(2 / 3);
    expect(centerRates(c).petitions.rate).toBe(0.5);
    expect(riskScore(c.openByRisk)).toBe(4);
    expect(riskScore({ RED: 0, ORANGE: 0, YELLOW: 0, GREEN: 2 })).toBe(1);
    expect(riskScore({ RED: 0, ORANGE: 0, YELLOW: 0, GREEN: 0 })).toBeNull();
  });
});
