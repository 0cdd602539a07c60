import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { TreeNode } from "@/lib/territory/data";

/** The unit tree of the territory editor: every unit links to its page (rename, move, retire, boundary). */
export async function AdminUnitTree({ units, rootId }: { units: TreeNode[]; rootId: number }) {
  const t = await getTranslations("levels");
  const children = new Map<number, TreeNode[]>();
  for (const u of units) if (u.parentId != null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const root = units.find((u) => u.id === rootId);
  if (!root) return null;
  function render(node: TreeNode, depth: number): React.ReactNode {
    const kids = children.get(node.id) ?? [];
    const label = (
      <span className="inline-flex items-baseline gap-2">
        <Link href={`/admin/territory/${node.id}`} className="text-brand-700 hover:underline" data-unit-link={node.code}>
          {node.name}
        </Link>
        <span className="text-xs text-slate-400">
          {t(node.level)}
          {kids.length > 0 ? ` · ${kids.length}` : ""}
        </span>
      </span>
    );
    if (kids.length === 0)
      return (
        <li key={node.id} data-unit-id={node.id} data-level={node.level} className="py-0.5 pl-5">
          {label}
        </li>
      );
    return (
      <li key={node.id} data-unit-id={node.id} data-level={node.level}>
        <details open={depth < 1}>
          <summary className="cursor-pointer py-0.5 marker:text-slate-400">{label}</summary>
          <ul className="ml-3 border-l border-slate-200 pl-2">{kids.map((k) => render(k, depth + 1))}</ul>
        </details>
      </li>
    );
  }
  return (
    <ul className="text-sm" data-testid="admin-unit-tree">
      {render(root, 0)}
    </ul>
  );
}
