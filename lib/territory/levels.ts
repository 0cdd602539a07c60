// Levels from the structure of a 12-digit statistics division code:
// PP CC DD TTT VVV — province, city, county, township, village.
export type DivisionLevel = "PROVINCE" | "CITY" | "COUNTY" | "TOWNSHIP" | "VILLAGE";

export function levelOfCode(code: string): DivisionLevel {
  if (!/^\d{12}$/.test(code)) throw new Error(`not a 12-digit division code: ${code}`);
  if (code.slice(2) === "0000000000") return "PROVINCE";
  if (code.slice(4) === "00000000") return "CITY";
  if (code.slice(6) === "000000") return "COUNTY";
  if (code.slice(9) === "000") return "TOWNSHIP";
  return "VILLAGE";
}

/** The level a division code's parent must have. */
export const PARENT_LEVEL: Partial<Record<DivisionLevel, DivisionLevel>> = {
  TOWNSHIP: "COUNTY",
  VILLAGE: "TOWNSHIP",
};
