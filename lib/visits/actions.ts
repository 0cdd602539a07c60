"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { withUploads } from "@/lib/server/files";
import { logVisit } from "./data";
import { logVisitFormSchema } from "./schemas";

/** Logs a visit from the "my visits" form: FormData with `data` (JSON) and `photos`. */
export const logVisitAction = action(logVisitFormSchema, async (viewer, { data, photos }) => {
  const r = await withUploads(photos, "photo", "photos", (staged) => logVisit(viewer, data, staged));
  revalidatePath("/grid", "layout");
  return { id: r.id, householdId: r.householdId, nextVisitDue: r.nextVisitDue?.toISOString() ?? null, sentimentId: r.sentimentId };
});
