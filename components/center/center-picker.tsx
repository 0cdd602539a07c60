"use client";
import { useRouter } from "next/navigation";

/** Switches the page to another center of the viewer's territory (?unit=). */
export function CenterPicker({ options, value, label, base }: { options: { id: number; name: string; depth: number }[]; value: number; label: string; base: string }) {
  const router = useRouter();
  const top = Math.min(...options.map((o) => o.depth));
  return (
    <label className="text-sm">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        className="max-w-[16rem] rounded border border-slate-300 bg-white px-2 py-1.5 text-sm"
        value={value}
        onChange={(e) => router.push(`${base}?unit=${e.target.value}`)}
        data-testid="center-picker"
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {"\u3000".repeat(o.depth - top)}
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
