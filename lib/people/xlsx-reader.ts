import "server-only";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import yauzl from "yauzl";

// A streaming reader for the first worksheet of an .xlsx file: yauzl reads single entries
// of the zip from disk (so the shared strings can be read before the sheet whatever their
// order in the archive) and saxes parses the XML as it is inflated. Memory stays at the
// shared strings plus one batch of rows.
//
// ExcelJS's streaming reader (4.4.0) decodes every zip chunk separately, which breaks
// Chinese characters that straddle two chunks ("汉族" came out as "汉\ufffd\ufffd" in a
// 100,000-row file); here the entry streams decode UTF-8 with a StringDecoder.

export type XlsxCell = string | number | boolean | null;

interface Zip {
  entries: Map<string, yauzl.Entry>;
  file: yauzl.ZipFile;
}

function openZip(path: string): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error("cannot open zip"));
      const entries = new Map<string, yauzl.Entry>();
      file.on("entry", (entry: yauzl.Entry) => {
        entries.set(entry.fileName.replace(/^\/+/, ""), entry);
        file.readEntry();
      });
      file.on("end", () => resolve({ entries, file }));
      file.on("error", reject);
      file.readEntry();
    });
  });
}

function entryStream(zip: Zip, name: string): Promise<NodeJS.ReadableStream | null> {
  const entry = zip.entries.get(name);
  if (!entry) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    zip.file.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error(`cannot read ${name}`));
      stream.setEncoding("utf8");
      resolve(stream);
    });
  });
}

/** Feeds an entry through a SAX parser, giving the caller the events of each chunk. */
async function* parseEntry(zip: Zip, name: string): AsyncGenerator<SaxEvent[]> {
  const stream = await entryStream(zip, name);
  if (!stream) return;
  const parser = new SaxesParser();
  let events: SaxEvent[] = [];
  let failure: Error | null = null;
  parser.on("error", (e) => (failure = e));
  parser.on("opentag", (tag) => events.push({ type: "open", tag: tag as SaxesTagPlain }));
  parser.on("closetag", (tag) => events.push({ type: "close", name: (tag as SaxesTagPlain).name }));
  parser.on("text", (text) => events.push({ type: "text", text }));
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.write(chunk);
      if (failure) throw failure;
      yield events;
      events = [];
    }
    parser.close();
    if (failure) throw failure;
    if (events.length) yield events;
  } finally {
    // A reader that stops early must not leave the entry open (and the zip's file with it).
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
}

type SaxEvent = { type: "open"; tag: SaxesTagPlain } | { type: "close"; name: string } | { type: "text"; text: string };

const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** Path of the first worksheet, following workbook.xml and its relationships. */
async function firstSheetPath(zip: Zip): Promise<string> {
  let rid: string | null = null;
  for await (const events of parseEntry(zip, "xl/workbook.xml"))
    for (const e of events) if (!rid && e.type === "open" && local(e.tag.name) === "sheet") rid = e.tag.attributes["r:id"] ?? null;
  let target: string | null = null;
  if (rid)
    for await (const events of parseEntry(zip, "xl/_rels/workbook.xml.rels"))
      for (const e of events) if (e.type === "open" && local(e.tag.name) === "Relationship" && e.tag.attributes.Id === rid) target = e.tag.attributes.Target;
  if (!target) return "xl/worksheets/sheet1.xml";
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`.replace(/\/[^/]+\/\.\.\//g, "/");
}

async function sharedStrings(zip: Zip): Promise<string[]> {
  const out: string[] = [];
  let current = "";
  let inText = false;
  // Phonetic runs (rPh) hold readings, not the text itself.
  let inPhonetic = false;
  for await (const events of parseEntry(zip, "xl/sharedStrings.xml")) {
    for (const e of events) {
      if (e.type === "open") {
        const n = local(e.tag.name);
        if (n === "si") current = "";
        else if (n === "rPh") inPhonetic = true;
        else if (n === "t" && !inPhonetic) inText = true;
      } else if (e.type === "close") {
        const n = local(e.name);
        if (n === "si") out.push(current);
        else if (n === "rPh") inPhonetic = false;
        else if (n === "t") inText = false;
      } else if (inText) current += e.text;
    }
  }
  return out;
}

function columnIndex(ref: string | undefined, fallback: number): number {
  if (!ref) return fallback;
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n ? n - 1 : fallback;
}

/** The rows of the first worksheet with their 1-based row numbers; missing cells are null. */
export async function* readXlsxRows(path: string): AsyncGenerator<{ line: number; cells: XlsxCell[] }> {
  const zip = await openZip(path);
  try {
    if (!zip.entries.has("xl/workbook.xml")) throw new Error("not a workbook");
    const strings = await sharedStrings(zip);
    const sheet = await firstSheetPath(zip);
    if (!zip.entries.has(sheet)) throw new Error("no worksheet");

    let line = 0;
    let cells: XlsxCell[] = [];
    let col = 0;
    let type = "n";
    let text = "";
    let capture = false;
    let inPhonetic = false;
    for await (const events of parseEntry(zip, sheet)) {
      const rows: { line: number; cells: XlsxCell[] }[] = [];
      for (const e of events) {
        if (e.type === "open") {
          const n = local(e.tag.name);
          if (n === "row") {
            line = Number(e.tag.attributes.r) || line + 1;
            cells = [];
            col = 0;
          } else if (n === "c") {
            col = columnIndex(e.tag.attributes.r, col);
            type = e.tag.attributes.t ?? "n";
            text = "";
          } else if (n === "rPh") inPhonetic = true;
          else if ((n === "v" || n === "t") && !inPhonetic) capture = true;
        } else if (e.type === "close") {
          const n = local(e.name);
          if (n === "v" || n === "t") capture = false;
          else if (n === "rPh") inPhonetic = false;
          else if (n === "c") {
            let value: XlsxCell = null;
            if (type === "s") value = strings[Number(text)] ?? null;
            else if (type === "inlineStr" || type === "str" || type === "d") value = text;
            else if (type === "b") value = text === "1";
            else if (type === "e") value = null;
            else if (text !== "") value = Number(text);
            while (cells.length < col) cells.push(null);
            cells[col] = value === "" ? null : value;
            col++;
          } else if (n === "row") rows.push({ line, cells });
        } else if (capture) text += e.text;
      }
      yield* rows;
    }
  } finally {
    zip.file.close();
  }
}
