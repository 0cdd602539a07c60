"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { parseDivisionCsv } from "./csv";
import { importDivisions } from "./data";
import { importDivisionsSchema } from "./schemas";

export const importDivisionsAction = action(importDivisionsSchema, async (viewer, { csv }) => {
  const { rows, errors } = parseDivisionCsv(csv);
  if (errors.length)
    throw new AppError("VALIDATION", { key: "importRejected", values: { problems: errors.slice(0, 10).map((e) => `line ${e.line}: ${e.message}`).join("; ") } });
  const summary = await importDivisions(viewer, rows);
  revalidatePath("/");
  return summary;
});
