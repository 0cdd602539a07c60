// The dashboard's cards, in the order shown: one list for the page, the big screen and the
// exports, so that they always agree on what a card is and where it leads.
import type { Figures } from "./data";
import type { CENTER_FIGURES, DrillFigure } from "./schemas";

export type CardKey =
  | "reportedToday"
  | "reportedMonth"
  | "reportedPeriod"
  | "open"
  | "overdue"
  | "onTime"
  | "resolvedGrid"
  | "resolvedCommunity"
  | "satisfaction"
  | "visits"
  | "keyPer1000"
  | "mediation"
  | "petitions";

export interface Card {
  key: CardKey;
  kind: "count" | "rate" | "density";
  value: number | null;
  num?: number;
  den?: number;
  /** The drill-down list of the events behind the card (event figures). */
  drill?: DrillFigure;
  /** The center records behind the card. */
  center?: (typeof CENTER_FIGURES)[number];
  /** Another module's list behind the card (visits, residents). */
  link?: "visits" | "residents";
  /** Shown for snapshot-based cards. */
  asOf?: Date | null;
  computing?: boolean;
  meanRating?: number | null;
  tone?: "alert";
}

export function cardsOf(f: Figures): Card[] {
  const c = f.counts;
  const r = f.rates;
  return [
    { key: "reportedToday", kind: "count", value: c.reportedToday, drill: "today" },
    { key: "reportedMonth", kind: "count", value: c.reportedMonth, drill: "month" },
    { key: "reportedPeriod", kind: "count", value: c.reportedPeriod, drill: "reported" },
    { key: "open", kind: "count", value: c.open, drill: "open" },
    { key: "overdue", kind: "count", value: c.overdue, drill: "overdue", tone: c.overdue > 0 ? "alert" : undefined },
    { key: "onTime", kind: "rate", value: r.onTime.rate, num: r.onTime.num, den: r.onTime.den, drill: "closed" },
    { key: "resolvedGrid", kind: "rate", value: r.resolvedGrid.rate, num: r.resolvedGrid.num, den: r.resolvedGrid.den, drill: "resolvedGrid" },
    { key: "resolvedCommunity", kind: "rate", value: r.resolvedCommunity.rate, num: r.resolvedCommunity.num, den: r.resolvedCommunity.den, drill: "resolvedCommunity" },
    { key: "satisfaction", kind: "rate", value: r.satisfaction.rate, num: r.satisfaction.num, den: r.satisfaction.den, drill: "rated", meanRating: r.meanRating },
    {
      key: "visits",
      kind: "rate",
      value: f.visits.rate,
      num: f.visits.num,
      den: f.visits.den,
      link: "visits",
      asOf: f.visits.freshness.asOf,
      computing: !f.visits.freshness.complete,
    },
    {
      key: "keyPer1000",
      kind: "density",
      value: f.population.keyPer1000,
      num: f.population.keyResidents,
      den: f.population.residents,
      link: "residents",
      asOf: f.population.freshness.asOf,
      computing: !f.population.freshness.complete,
    },
    { key: "mediation", kind: "rate", value: f.center.mediation.rate, num: f.center.mediation.num, den: f.center.mediation.den, center: "concluded" },
    { key: "petitions", kind: "rate", value: f.center.petitions.rate, num: f.center.petitions.num, den: f.center.petitions.den, center: "replied" },
  ];
}

/** A card's value as text: rates in per cent with one decimal, densities with one decimal. */
export function formatValue(card: Pick<Card, "kind" | "value">): string | null {
  if (card.value === null) return null;
  if (card.kind === "rate") return `${(card.value * 100).toFixed(1)}%`;
  if (card.kind === "density") return card.value.toFixed(1);
  return card.value.toLocaleString("en-US");
}
