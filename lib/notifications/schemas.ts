import { z } from "zod";

export const notificationListSchema = z.object({
  cursor: z.string().regex(/^\d{1,19}$/).optional(),
  unreadOnly: z.boolean().optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListSchema>;

/** Mark some (ids) or all of one's notifications read. */
export const markReadSchema = z.object({
  ids: z.array(z.string().regex(/^\d{1,19}$/)).max(200).optional(),
  all: z.boolean().optional(),
});
export type MarkReadInput = z.infer<typeof markReadSchema>;
