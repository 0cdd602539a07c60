import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { ethnicityName } from "@/lib/ethnicity";
import type { AgreementPrint } from "./disputes-data";
import { longDate, partyLabel } from "./permissions";

// The mediation agreement as a PDF made on the server (pdfkit), in the same standard
// layout as the print page. Chinese text needs a CJK font: Noto Sans SC (OFL) as OpenType
// files from the @embedpdf/fonts-sc package; pdfkit embeds only the glyphs used, so a
// one-page agreement is some tens of kilobytes.

type Translate = (key: string, values?: Record<string, string | number>) => string;

let fonts: Promise<{ regular: Buffer; bold: Buffer }> | null = null;

function fontDir(): string {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve("@embedpdf/fonts-sc/package.json")), "fonts");
  } catch {
    // Bundled server code may not resolve packages from its own location; the app runs from the project root.
    return path.join(process.cwd(), "node_modules", "@embedpdf", "fonts-sc", "fonts");
  }
}

async function loadFonts() {
  fonts ??= (async () => {
    const dir = fontDir();
    const [regular, bold] = await Promise.all([readFile(path.join(dir, "NotoSansHans-Regular.otf")), readFile(path.join(dir, "NotoSansHans-Bold.otf"))]);
    return { regular, bold };
  })().catch((err) => {
    fonts = null;
    throw err;
  });
  return fonts;
}

export async function agreementPdf(a: AgreementPrint, t: Translate, tc: Translate, locale: string): Promise<Buffer> {
  const { regular, bold } = await loadFonts();
  // A4 in points, margins about 20 mm; the font is given up front so pdfkit never loads its built-in Helvetica.
  const doc = new PDFDocument({ size: "A4", margins: { top: 62, bottom: 56, left: 60, right: 60 }, font: regular as unknown as string, info: { Title: `${t("title")} ${a.no}`, Creator: "VitalGrid" } });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const para = (text: string, indent = true) => doc.font("regular").fontSize(12).text(text, { width, lineGap: 5, indent: indent ? 24 : 0, align: "justify" });
  const heading = (text: string) => doc.moveDown(0.8).font("bold").fontSize(12).text(text, { width, lineGap: 5 });

  doc.font("bold").fontSize(20).text(t("title"), { width, align: "center", characterSpacing: 6 });
  doc.moveDown(0.5).font("regular").fontSize(11).text(t("no", { no: a.no }), { width, align: "right" });
  doc.moveDown(0.8);
  a.parties.forEach((p, i) => {
    const bits =
      p.kind === "PERSON"
        ? [p.name, p.sex && tc(`sex.${p.sex}`), p.ethnicity && ethnicityName(p.ethnicity, locale), p.age !== null && tc("dispute.age", { age: p.age }), p.occupation, p.address && `${tc("dispute.address")}：${p.address}`, p.phone && `${tc("dispute.phone")}：${p.phone}`]
        : [p.name, p.creditCode && t("creditCode", { code: p.creditCode }), p.representative && t("legalRep", { name: p.representative }), p.address && `${tc("dispute.address")}：${p.address}`, p.phone && `${tc("dispute.phone")}：${p.phone}`];
    doc.font("bold").fontSize(12).text(`${partyLabel(i, locale)}：`, { width, continued: true, lineGap: 5 });
    doc.font("regular").text(bits.filter(Boolean).join("，"), { lineGap: 5 });
  });
  heading(t("facts"));
  para(a.facts);
  heading(t("terms"));
  para(a.terms);
  heading(t("performance"));
  para(a.performance);
  doc.moveDown(0.5);
  para(t("copies", { copies: a.parties.length + 1 }));

  // Signatures: the parties on the left, the mediator, committee seal line and date on the right.
  if (doc.y > doc.page.height - 260) doc.addPage();
  doc.moveDown(2);
  const top = doc.y;
  const col = width / 2;
  const left = doc.page.margins.left;
  doc.font("regular").fontSize(12).text(t("signParty"), left, top, { width: col - 12 });
  let y = doc.y + 18;
  a.parties.forEach((_, i) => {
    doc.text(`${partyLabel(i, locale)}：`, left, y, { width: col - 12 });
    doc.moveTo(left + 48, y + 16).lineTo(left + col - 24, y + 16).lineWidth(0.6).stroke();
    y += 34;
  });
  const right = left + col + 12;
  doc.text(t("signMediator"), right, top, { width: col - 12 });
  doc.moveTo(right, top + 48).lineTo(right + col - 36, top + 48).lineWidth(0.6).stroke();
  doc.fontSize(10).text(a.mediatorNames, right, top + 54, { width: col - 12 });
  doc.fontSize(12).text(a.committeeName || a.centerName, right, top + 110, { width: col - 12 });
  doc.text(t("seal"), right, doc.y + 4, { width: col - 12 });
  doc.text(t("date", { date: longDate(a.agreedAt, locale) }), right, doc.y + 16, { width: col - 12 });
  doc.end();
  return done;
}
