// Pure rules of the people registry, shared by forms, server code and imports.

export const RESIDENCE_TYPES = ["REGISTERED", "PERMANENT_NON_REGISTERED", "FLOATING"] as const;
export type ResidenceTypeKey = (typeof RESIDENCE_TYPES)[number];

export const RELATIONS = ["HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "GRANDPARENT", "SIBLING", "CHILD_IN_LAW", "OTHER"] as const;
export type RelationKey = (typeof RELATIONS)[number];

export const VISIT_TIERS = ["KEY", "ORDINARY", "REASSURED"] as const;
export const HOUSE_USES = ["RESIDENTIAL", "COMMERCIAL", "MIXED", "OFFICE", "OTHER"] as const;
export const HOUSE_TENURES = ["OWNER_OCCUPIED", "RENTED", "VACANT", "PUBLIC"] as const;
export const DATA_STATES = ["ENTERED", "VERIFIED"] as const;

/**
 * Person-household state (人户状态): 人户同在 (registered and living here), 户在人不在
 * (registered here, living elsewhere), 人在户不在 (living here, registered elsewhere).
 */
export const PERSON_HOUSEHOLD_STATES = ["TOGETHER", "AWAY", "UNREGISTERED"] as const;
export type PersonHouseholdState = (typeof PERSON_HOUSEHOLD_STATES)[number];

/** Null for a person neither registered nor living here: such a record does not belong in the grid. */
export function personHouseholdState(registeredHere: boolean, livesHere: boolean): PersonHouseholdState | null {
  if (registeredHere && livesHere) return "TOGETHER";
  if (registeredHere) return "AWAY";
  if (livesHere) return "UNREGISTERED";
  return null;
}

/** The flags a state filter stands for. */
export function stateFlags(state: PersonHouseholdState): { registeredHere: boolean; livesHere: boolean } {
  switch (state) {
    case "TOGETHER":
      return { registeredHere: true, livesHere: true };
    case "AWAY":
      return { registeredHere: true, livesHere: false };
    case "UNREGISTERED":
      return { registeredHere: false, livesHere: true };
  }
}

/** Registration follows from the residence type: only registered residents have their 户籍 here. */
export function registeredHereFor(type: ResidenceTypeKey): boolean {
  return type === "REGISTERED";
}

/** A village or community's everyday name: "南街社区居民委员会" → "南街社区", "柳河村村民委员会" → "柳河村". */
export function shortVillageName(name: string): string {
  return name.replace(/(社区居民委员会|社区居委会|村民委员会|村委会|居委会)$/, (m) => (m.includes("社区") ? "社区" : "村")).replace(/村村$/, "村");
}

/**
 * The standard address (一标三实) of a house: community or village, then building (or
 * village group), unit and room (or house number), e.g. "南街社区 3栋 2单元 301室" or
 * "柳河村 3组 15号".
 */
export function formatAddress(village: string, building: string, unitNo: string, room: string): string {
  return [shortVillageName(village), building, unitNo, room].map((s) => s.trim()).filter(Boolean).join(" ");
}

/** Visit urgency: KEY before ORDINARY before REASSURED. */
export const TIER_RANK = { KEY: 0, ORDINARY: 1, REASSURED: 2 } as const;
