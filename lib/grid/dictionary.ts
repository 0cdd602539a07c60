// Dictionaries of the grid registries that are code, not data: object (部件) types with
// their names in both languages, and the fixed choices of places, sentiments and teams.
// Pure: safe to import in the browser.

export interface FacilityType {
  code: string;
  zh: string;
  en: string;
  /** A hazard source (危险源): shown apart and inspected more often. */
  hazard: boolean;
}

export const FACILITY_TYPES = [
  { code: "FIRE_HYDRANT", zh: "消防栓", en: "Fire hydrant", hazard: false },
  { code: "FIRE_EQUIPMENT_BOX", zh: "微型消防站", en: "Fire equipment station", hazard: false },
  { code: "CAMERA", zh: "监控摄像头", en: "Surveillance camera", hazard: false },
  { code: "MANHOLE", zh: "井盖", en: "Manhole cover", hazard: false },
  { code: "STREET_LIGHT", zh: "路灯", en: "Street light", hazard: false },
  { code: "DISTRIBUTION_BOX", zh: "配电箱", en: "Power distribution box", hazard: false },
  { code: "WASTE_STATION", zh: "垃圾收集点", en: "Waste collection point", hazard: false },
  { code: "BUS_SHELTER", zh: "公交站亭", en: "Bus shelter", hazard: false },
  { code: "BILLBOARD", zh: "户外广告牌", en: "Outdoor billboard", hazard: false },
  { code: "EMERGENCY_SHELTER", zh: "应急避难场所", en: "Emergency shelter", hazard: false },
  { code: "GAS_STATION", zh: "加油加气站", en: "Fuel / gas station", hazard: true },
  { code: "DANGEROUS_GOODS_STORE", zh: "危化品仓库", en: "Dangerous goods store", hazard: true },
  { code: "GAS_VALVE", zh: "燃气管道阀井", en: "Gas pipeline valve", hazard: true },
  { code: "FIREWORKS_SHOP", zh: "烟花爆竹销售点", en: "Fireworks shop", hazard: true },
  { code: "HIGH_VOLTAGE_TOWER", zh: "高压线塔", en: "High-voltage tower", hazard: true },
  { code: "GEOLOGICAL_HAZARD", zh: "地质灾害隐患点", en: "Geological hazard site", hazard: true },
  { code: "DANGEROUS_WATERS", zh: "危险水域", en: "Dangerous waters", hazard: true },
] as const satisfies readonly FacilityType[];

export type FacilityTypeCode = (typeof FACILITY_TYPES)[number]["code"];
export const FACILITY_TYPE_CODES = FACILITY_TYPES.map((t) => t.code) as [FacilityTypeCode, ...FacilityTypeCode[]];

const BY_CODE = new Map<string, FacilityType>(FACILITY_TYPES.map((t) => [t.code, t]));

export function facilityType(code: string): FacilityType | undefined {
  return BY_CODE.get(code);
}

/** The type's name in the given locale; an unknown code (a retired type) shows as itself. */
export function facilityTypeName(code: string, locale: string): string {
  const t = BY_CODE.get(code);
  if (!t) return code;
  return locale === "en" ? t.en : t.zh;
}

export const PLACE_CATEGORIES = ["SHOP", "RESTAURANT", "ENTERPRISE", "SCHOOL", "CLINIC", "RENTAL_HOUSING", "RELIGIOUS", "PUBLIC_VENUE", "OTHER"] as const;
export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const;
export const FACILITY_STATUSES = ["NORMAL", "DAMAGED", "MISSING", "DECOMMISSIONED"] as const;
export const SENTIMENT_KINDS = ["OPINION", "REQUEST", "SUGGESTION", "COMPLAINT"] as const;
/** Statuses a person sets; CONVERTED is set only when the dispatch module makes an event. */
export const FOLLOW_UP_STATUSES = ["OPEN", "FOLLOWING", "RESOLVED"] as const;
export const ALL_FOLLOW_UP_STATUSES = ["OPEN", "FOLLOWING", "RESOLVED", "CONVERTED"] as const;
/** Still needing attention: counted as "open" on the grid page. */
export const OPEN_FOLLOW_UP = ["OPEN", "FOLLOWING"] as const;
/** Team roles in the order a grid's team is shown and called on. */
export const TEAM_ROLES = ["CADRE", "POLICE", "JUDICIAL", "MEDIATOR", "VOLUNTEER", "PARTY_MEMBER", "OTHER"] as const;
export const DATA_STATES = ["ENTERED", "VERIFIED"] as const;
export const VISIT_METHODS = ["IN_PERSON", "PHONE", "VIDEO"] as const;
