import { getTranslations } from "next-intl/server";
import type { TreeNode } from "@/lib/territory/data";

/** The unit tree below the viewer's unit, rendered on the server as nested disclosures. */
export async function UnitTree({ units, rootId }: { units: TreeNode[]; rootId: number }) {
  const t = await getTranslations("levels");
  const children = new Map<number, TreeNode[]>();
  for (const u of units) {
    if (u.parentId == null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  const root = units.find((u) => u.id === rootId);
  if (!root) return null;

  function render(node: TreeNode, depth: number): React.ReactNode {
    const kids = children.get(node.id) ?? [];
    const label = (
      <span className="inline-flex items-baseline gap-2">
        <span>{node.name}</span>
        <span className="text-xs text-slate-400">{t(node.level)}{kids.length > 0 ? ` · ${kids.length}` : ""}</span>
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
        <details open={depth < 1} className="group">
          <summary className="cursor-pointer py-0.5 marker:text-slate-400">{label}</summary>
          <ul className="ml-3 border-l border-slate-200 pl-2">{kids.map((k) => render(k, depth + 1))}</ul>
        </details>
      </li>
    );
  }

  return <ul className="text-sm" data-testid="unit-tree">{render(root, 0)}</ul>;
}
