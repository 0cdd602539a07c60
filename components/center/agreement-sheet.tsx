import { getLocale, getTranslations } from "next-intl/server";
import type { AgreementPrint } from "@/lib/center/data";
import { longDate, partyLabel } from "@/lib/center/permissions";
import { ethnicityName } from "@/lib/ethnicity";

/**
 * The mediation agreement in the standard layout (人民调解协议书): number, the parties with
 * their particulars, main facts and matters in dispute, the terms agreed, manner and time
 * of performance, signatures of the parties and the mediator, the committee's seal line
 * and the date. Sized for A4; the app's header and navigation are hidden in print.
 */
export async function AgreementSheet({ a }: { a: AgreementPrint }) {
  const [t, tc, locale] = await Promise.all([getTranslations("center.print"), getTranslations("center"), getLocale()]);
  const copies = a.parties.length + 1;
  return (
    <article className="agreement-sheet mx-auto bg-white text-[15px] leading-7 text-black" data-testid="agreement-sheet">
      <style>{`
        .agreement-sheet { width: 210mm; min-height: 297mm; padding: 22mm 20mm; box-shadow: 0 1px 4px rgb(0 0 0 / .15); font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; }
        .agreement-sheet h1 { letter-spacing: .35em; }
        @page { size: A4; margin: 0; }
        @media print {
          body { background: #fff !important; }
          header, nav, .no-print { display: none !important; }
          main { padding: 0 !important; max-width: none !important; }
          .agreement-sheet { box-shadow: none; margin: 0; }
          .agreement-sheet section { break-inside: avoid; }
        }
        @media screen and (max-width: 800px) { .agreement-sheet { width: auto; min-height: 0; padding: 6mm; } }
      `}</style>
      <h1 className="text-center text-2xl font-bold">{t("title")}</h1>
      <p className="mt-2 text-right" data-testid="agreement-no">{t("no", { no: a.no })}</p>
      <section className="mt-4 space-y-2" data-testid="agreement-parties">
        {a.parties.map((p, i) => (
          <p key={p.position}>
            <strong>{partyLabel(i, locale)}：</strong>
            {p.kind === "PERSON" ? (
              <>
                {p.name}
                {p.sex && `，${tc(`sex.${p.sex}`)}`}
                {p.ethnicity && `，${ethnicityName(p.ethnicity, locale)}`}
                {p.age !== null && `，${tc("dispute.age", { age: p.age })}`}
                {p.occupation && `，${p.occupation}`}
                {p.address && `，${tc("dispute.address")}：${p.address}`}
                {p.phone && `，${tc("dispute.phone")}：${p.phone}`}
              </>
            ) : (
              <>
                {p.name}
                {p.creditCode && `，${t("creditCode", { code: p.creditCode })}`}
                {p.representative && `，${t("legalRep", { name: p.representative })}`}
                {p.address && `，${tc("dispute.address")}：${p.address}`}
                {p.phone && `，${tc("dispute.phone")}：${p.phone}`}
              </>
            )}
          </p>
        ))}
      </section>
      <section className="mt-4">
        <h2 className="font-bold">{t("facts")}</h2>
        <Paragraphs text={a.facts} testId="agreement-facts" />
      </section>
      <section className="mt-4">
        <h2 className="font-bold">{t("terms")}</h2>
        <Paragraphs text={a.terms} testId="agreement-terms" />
      </section>
      <section className="mt-4">
        <h2 className="font-bold">{t("performance")}</h2>
        <Paragraphs text={a.performance} />
        <p className="mt-2 indent-8">{t("copies", { copies })}</p>
      </section>
      <section className="mt-10 grid grid-cols-2 gap-6">
        <div>
          <p>{t("signParty")}</p>
          {a.parties.map((p, i) => (
            <p key={p.position} className="mt-6">
              {partyLabel(i, locale)}：<span className="inline-block w-40 border-b border-black" />
            </p>
          ))}
        </div>
        <div>
          <p>{t("signMediator")}</p>
          <p className="mt-6">
            <span className="inline-block w-40 border-b border-black" />
          </p>
          <p className="mt-1 text-sm text-slate-600">{a.mediatorNames}</p>
          <p className="mt-10">{a.committeeName || a.centerName}</p>
          <p>{t("seal")}</p>
          <p className="mt-4">{t("date", { date: longDate(a.agreedAt, locale) })}</p>
        </div>
      </section>
    </article>
  );
}


/** Each line of a text as its own indented paragraph, as official documents set them. */
function Paragraphs({ text, testId }: { text: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      {text
        .split(/\n+/)
        .filter((line) => line.trim())
        .map((line, i) => (
          <p key={i} className="indent-8">
            {line}
          </p>
        ))}
    </div>
  );
}
