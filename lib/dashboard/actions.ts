"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { saveScoringRules } from "./data";
import { saveRulesSchema } from "./schemas";

export const saveRulesAction = action(saveRulesSchema, async (viewer, input) => {
  const r = await saveScoringRules(viewer, input);
  revalidatePath("/dashboard/assessment");
  return r;
});
