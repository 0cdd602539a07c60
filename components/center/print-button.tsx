"use client";

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700" data-testid="print">
      {label}
    </button>
  );
}
