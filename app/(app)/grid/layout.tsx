import { GridTabs } from "@/components/grid/grid-tabs";

export default function GridLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <GridTabs />
      {children}
    </>
  );
}
