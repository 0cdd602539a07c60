import { z } from "zod";

/** One row of the national division code CSV: `code,name,parent_code`. */
export const divisionRowSchema = z.object({
  code: z.string().regex(/^\d{12}$/, { message: "validation.divisionCode" }),
  name: z.string().trim().min(1).max(100),
  parentCode: z.union([z.string().regex(/^\d{12}$/, { message: "validation.divisionCode" }), z.literal("")]),
});
export type DivisionRow = z.infer<typeof divisionRowSchema>;

export const importDivisionsSchema = z.object({
  csv: z.string().min(1).max(5_000_000),
});
