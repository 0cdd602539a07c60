"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { markRead, unreadCount } from "./data";
import { markReadSchema } from "./schemas";
import { z } from "zod";

export const markReadAction = action(markReadSchema, async (viewer, input) => {
  const r = await markRead(viewer, input);
  revalidatePath("/", "layout");
  return r;
});

/** The bell polls this: a cheap count, no page render. */
export const unreadCountAction = action(z.object({}), async (viewer) => ({ unread: await unreadCount(viewer) }));
