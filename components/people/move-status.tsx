// The status of a move request as a badge; no hooks, so server and client components can use it.
import { Badge } from "./ui";

const STATUS_TONE = { PENDING: "amber", APPROVED: "green", REFUSED: "red", WITHDRAWN: "slate" } as const;

export function MoveStatus({ status, label }: { status: keyof typeof STATUS_TONE; label: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} testId="move-status">
      {label}
    </Badge>
  );
}
