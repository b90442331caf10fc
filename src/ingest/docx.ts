/**
 * Word .docx read as a reader sees it. mammoth reads the document (paragraphs, runs, tables,
 * breaks). Automatic numbering, which mammoth reports only as "a list item at level n", is
 * rebuilt into the labels Word shows ("1.", "(a)", "Section 2.1", "ARTICLE IV") from the
 * document's own numbering definitions (word/numbering.xml), which this module reads itself
 * because mammoth does not expose them (it gives a level and whether it is ordered, not the
 * format, the level text or the start). The definitions are used only when a scan of
 * document.xml matches mammoth's paragraphs one for one; otherwise labels follow a default
 * scheme on mammoth's levels: `1.`, `(a)`, `(i)`, `(A)`, one list for the whole document.
 * Numbering a paragraph inherits from its style is read from the style (mammoth misses it).
 *
 * The layout of `text` is that of a plain-text agreement: a blank line between paragraphs; a
 * numbered paragraph starts with its label and a space; each table cell is a block of its own,
 * its paragraphs one per line (so a signature block has By:, Name: and Title: on lines of their
 * own); a line break inside a paragraph is a newline; a page break is a form feed (`\f`) on a
 * line of its own, which every parser regex reads as whitespace.
 *
 * Positions: `map.fileText` is the document's paragraphs one per line (the body, tables and text
 * boxes in document order, empty paragraphs included), so a "line" in a report is a paragraph
 * number from 1 and a column counts characters in that paragraph's text. A label this module
 * writes points at the start of its paragraph.
 *
 * Left out, as mammoth leaves them out: headers, footers, footnotes, endnotes and comments.
 * Text formatted as hidden is kept (mammoth does not report it).
 */
import { inflateRawSync } from "node:zlib";
import { ClauseCheckError } from "../errors.js";
import type { Source } from "../types.js";

/** Largest total size the parts of a .docx may unzip to. */
const MAX_UNZIPPED = 200 * 1024 * 1024;
/** Above this unzipped size a compression ratio over MAX_RATIO is taken for a zip bomb. */
const RATIO_CHECKED_ABOVE = 50 * 1024 * 1024;
const MAX_RATIO = 100;

/**
 * Reads a Word .docx into a Source whose positions are paragraphs. Throws ClauseCheckError:
 * BINARY when the bytes are not a Word document (not a zip, damaged, a legacy .doc),
 * TOO_LARGE when the zip would unzip to too much (a zip bomb), EMPTY when it has no text.
 */
export async function docxSource(bytes: Uint8Array, file: string): Promise<Source> {
  if (bytes.length === 0) throw new ClauseCheckError("EMPTY", "the file is empty", { file });
  // Everything mammoth will unzip is checked first: declared sizes, then the parts it parses
  // are inflated with their declared size as a hard cap, so a lying entry cannot balloon either.
  const zip = new ZipReader(bytes, file);
  const parts = readParts(zip, file);
  const root = await mammothDocument(bytes, file);
  const paragraphs = collectParagraphs(root);
  const scan = scanDocument(parts, paragraphs);
  const built = buildText(root, paragraphs, scan);
  if (built.text.trim() === "") {
    throw new ClauseCheckError("EMPTY", "has no text: the Word document holds no paragraphs with words (only images or empty lines?)", { file });
  }
  return {
    file,
    text: built.text,
    encoding: "utf-8",
    format: "docx",
    map: { lines: "paragraph", fileText: built.fileText, fileOffsets: built.fileOffsets },
  };
}

function notDocx(file: string, why: string): ClauseCheckError {
  return new ClauseCheckError("BINARY", `not a Word .docx file (${why})`, { file });
}

/** A size for a message: `512 bytes`, `3.2 KB`, `60.0 MB`, `4.0 GB`. */
function sizeText(n: number): string {
  const units: [number, string][] = [[1024 ** 4, "TB"], [1024 ** 3, "GB"], [1024 ** 2, "MB"], [1024, "KB"]];
  for (const [size, unit] of units) if (n >= size) return `${(n / size).toFixed(1)} ${unit}`;
  return `${n} bytes`;
}

// ─── The zip container ──────────────────────────────────────────────────────────────────────────

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it. */
  size: number;
  localOffset: number;
}

/** The central directory of a zip, read without unzipping anything, and single entries on demand. */
class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = this.findEndRecord();
    if (eocd < 0) throw notDocx(file, whatItIs(bytes));
    let count = this.u16(eocd + 10);
    let dirSize = this.u32(eocd + 12);
    let dirOffset = this.u32(eocd + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
      // Zip64: a locator just before the end record points at a record with 64-bit fields.
      const locator = eocd - 20;
      if (locator >= 0 && this.u32(locator) === 0x07064b50) {
        const record = Number(this.view.getBigUint64(locator + 8, true));
        if (record + 56 <= bytes.length && this.u32(record) === 0x06064b50) {
          count = Number(this.view.getBigUint64(record + 32, true));
          dirSize = Number(this.view.getBigUint64(record + 40, true));
          dirOffset = Number(this.view.getBigUint64(record + 48, true));
        }
      }
    }
    if (dirOffset + dirSize > bytes.length) throw notDocx(file, "a damaged or truncated zip archive");
    let total = 0;
    let totalCompressed = 0;
    for (let i = 0, p = dirOffset; i < count; i++) {
      if (p + 46 > bytes.length || this.u32(p) !== 0x02014b50) throw notDocx(file, "a zip archive whose directory is damaged");
      const nameLength = this.u16(p + 28);
      const extraLength = this.u16(p + 30);
      const entry: ZipEntry = {
        name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
        flags: this.u16(p + 8),
        method: this.u16(p + 10),
        compressedSize: this.u32(p + 20),
        size: this.u32(p + 24),
        localOffset: this.u32(p + 42),
      };
      this.readZip64Extra(entry, p + 46 + nameLength, extraLength);
      total += entry.size;
      totalCompressed += entry.compressedSize;
      if (entry.size > RATIO_CHECKED_ABOVE && entry.size > MAX_RATIO * Math.max(1, entry.compressedSize)) {
        throw new ClauseCheckError(
          "TOO_LARGE",
          `its part ${entry.name} would unzip from ${sizeText(entry.compressedSize)} to ${sizeText(entry.size)}, a ratio no Word document has (a zip bomb?)`,
          { file },
        );
      }
      this.entries.set(entry.name, entry);
      p += 46 + nameLength + extraLength + this.u16(p + 32);
    }
    if (total > MAX_UNZIPPED) {
      throw new ClauseCheckError("TOO_LARGE", `would unzip to ${sizeText(total)}, over the ${sizeText(MAX_UNZIPPED)} limit for a Word document (a zip bomb?)`, { file });
    }
    if (total > RATIO_CHECKED_ABOVE && total > MAX_RATIO * Math.max(1, totalCompressed)) {
      throw new ClauseCheckError("TOO_LARGE", `would unzip from ${sizeText(totalCompressed)} to ${sizeText(total)}, a ratio no Word document has (a zip bomb?)`, { file });
    }
  }

  /** The entry's bytes, inflated with its declared size as the most it may produce. */
  read(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const at = e.localOffset;
    if (at + 30 > this.bytes.length || this.u32(at) !== 0x04034b50) throw notDocx(this.file, `the zip entry ${name} is damaged`);
    if (e.flags & 1) throw notDocx(this.file, "it is encrypted: save it again without a password");
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    if (raw.length < e.compressedSize) throw notDocx(this.file, `the zip entry ${name} is truncated`);
    if (e.method === 0) return raw;
    if (e.method !== 8) throw notDocx(this.file, `the zip entry ${name} uses compression method ${e.method}, which Word never writes`);
    let out: Uint8Array;
    try {
      out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ClauseCheckError("TOO_LARGE", `its part ${name} unzips to more than the ${e.size} bytes its zip entry declares (a zip bomb?)`, { file: this.file });
      }
      throw notDocx(this.file, `the zip entry ${name} is damaged: ${(err as Error).message}`);
    }
    if (out.length > e.size) {
      throw new ClauseCheckError("TOO_LARGE", `its part ${name} unzips to more than the ${e.size} bytes its zip entry declares (a zip bomb?)`, { file: this.file });
    }
    return out;
  }

  private findEndRecord(): number {
    const stop = Math.max(0, this.bytes.length - 22 - 0xffff);
    for (let p = this.bytes.length - 22; p >= stop; p--) {
      if (this.bytes[p] === 0x50 && this.u32(p) === 0x06054b50) return p;
    }
    return -1;
  }

  /** Sizes and offsets of 0xFFFFFFFF live in the zip64 extra field (id 1), in this order. */
  private readZip64Extra(e: ZipEntry, from: number, length: number): void {
    for (let p = from; p + 4 <= from + length && p + 4 <= this.bytes.length; ) {
      const id = this.u16(p);
      const size = this.u16(p + 2);
      if (id === 1) {
        let q = p + 4;
        const next = (): number | undefined => {
          if (q + 8 > p + 4 + size || q + 8 > this.bytes.length) return undefined;
          const v = Number(this.view.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (e.size === 0xffffffff) e.size = next() ?? e.size;
        if (e.compressedSize === 0xffffffff) e.compressedSize = next() ?? e.compressedSize;
        if (e.localOffset === 0xffffffff) e.localOffset = next() ?? e.localOffset;
        return;
      }
      p += 4 + size;
    }
  }

  private u16(p: number): number {
    return p + 2 <= this.bytes.length ? this.view.getUint16(p, true) : 0;
  }

  private u32(p: number): number {
    return p + 4 <= this.bytes.length ? this.view.getUint32(p, true) : 0;
  }
}

/** What bytes that are not a zip look like, for the error message. */
function whatItIs(bytes: Uint8Array): string {
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return "it is an OLE compound file: an old Word .doc, or a .docx protected by a password; save it as .docx without a password";
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) return "it is a PDF file";
  if (starts(0x50, 0x4b)) return "a damaged or truncated zip archive";
  const head = bytes.subarray(0, 4096);
  if (!head.includes(0)) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
      return "it holds plain text, not a zip archive: give it a .txt extension";
    } catch {
      // not text either
    }
  }
  return "it is not a zip archive";
}

// ─── The parts of the package this module reads ─────────────────────────────────────────────────

interface Parts {
  document: string;
  numbering?: string;
  styles?: string;
}

/** Parts mammoth parses: XML and relationship parts (and mammoth's own embedded style map). */
const PARSED_PART = /\.(?:xml|rels)$|^mammoth\/style-map$/i;

/** Reads the main document, numbering and styles parts, and checks every part mammoth will unzip. */
function readParts(zip: ZipReader, file: string): Parts {
  const inflated = new Map<string, Uint8Array>();
  for (const name of zip.entries.keys()) {
    if (!PARSED_PART.test(name)) continue;
    const data = zip.read(name);
    if (data) inflated.set(name, data);
  }
  const texts = {
    get: (name: string) => {
      const data = inflated.get(name);
      return data && decodeXml(data);
    },
    has: (name: string) => inflated.has(name),
  };
  const packageRels = relationships(texts.get("_rels/.rels"));
  const main = resolvePart("", packageRels.find((r) => r.type.endsWith("/officeDocument"))?.target) ?? "word/document.xml";
  const documentPath = texts.has(main) ? main : "word/document.xml";
  const document = texts.get(documentPath);
  if (document === undefined) throw notDocx(file, "a zip archive with no Word document part (word/document.xml) in it");
  const dir = documentPath.includes("/") ? documentPath.slice(0, documentPath.lastIndexOf("/")) : "";
  const base = documentPath.slice(dir.length ? dir.length + 1 : 0);
  const rels = relationships(texts.get(`${dir ? `${dir}/` : ""}_rels/${base}.rels`));
  const part = (kind: string) => {
    const path = resolvePart(dir, rels.find((r) => r.type.endsWith(`/${kind}`))?.target);
    return (path !== undefined ? texts.get(path) : undefined) ?? texts.get(`${dir ? `${dir}/` : ""}${kind}.xml`);
  };
  const parts: Parts = { document };
  const numbering = part("numbering");
  const styles = part("styles");
  if (numbering !== undefined) parts.numbering = numbering;
  if (styles !== undefined) parts.styles = styles;
  return parts;
}

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  return new TextDecoder("utf-8").decode(data);
}

function relationships(xml: string | undefined): { type: string; target: string }[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)].map((m) => {
    const a = attributes(m[1] ?? "");
    return { type: a.Type ?? "", target: a.Target ?? "" };
  });
}

/** A relationship's target as a path inside the zip, relative to the part's folder. */
function resolvePart(dir: string, target: string | undefined): string | undefined {
  if (!target) return undefined;
  const segments = target.startsWith("/") ? [] : dir.split("/").filter(Boolean);
  for (const s of target.split("/")) {
    if (s === "..") segments.pop();
    else if (s && s !== ".") segments.push(s);
  }
  return segments.join("/");
}

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out[m[1] as string] = unescapeXml(m[2] ?? m[3] ?? "");
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|(\w+));/gi, (whole, hex: string, dec: string, name: string) => {
    const code = hex ? Number.parseInt(hex, 16) : dec ? Number(dec) : -1;
    if (code >= 0) return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    return ({ quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" } as Record<string, string>)[name] ?? whole;
  });
}

const elementPatterns = new Map<string, RegExp>();

/** The first `<w:name …>` (or `<w:name …/>`) in `xml`, its attributes in group 1. */
function element(xml: string, name: string): RegExpExecArray | null {
  let re = elementPatterns.get(name);
  if (!re) {
    re = new RegExp(`<w:${name}\\b([^>]*?)/?>`);
    elementPatterns.set(name, re);
  }
  return re.exec(xml);
}

/** The `w:val` of the first `<w:name …>` in `xml`, if any. */
function val(xml: string, name: string): string | undefined {
  const m = element(xml, name);
  return m ? attributes(m[1] ?? "")["w:val"] : undefined;
}

/** An on/off property such as `<w:isLgl/>`: on unless its value says off. */
function isOn(xml: string, name: string): boolean | undefined {
  const m = element(xml, name);
  if (!m) return undefined;
  const v = attributes(m[1] ?? "")["w:val"];
  return v === undefined || !/^(?:0|false|off)$/i.test(v);
}

function int(s: string | undefined): number | undefined {
  const n = s === undefined ? Number.NaN : Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** Content mammoth never reads: the Choice of an AlternateContent (it reads the Fallback), DrawingML shapes, tracked paragraph-property changes. */
function withoutUnread(xml: string): string {
  return xml
    .replace(/<mc:Choice\b[\s\S]*?<\/mc:Choice>/g, "")
    .replace(/<w:drawing\b[\s\S]*?<\/w:drawing>/g, "")
    .replace(/<w:pPrChange\b[\s\S]*?<\/w:pPrChange>/g, "");
}

// ─── Numbering definitions and styles ────────────────────────────────────────────────────────────

/** One level of a list definition (`w:lvl`). */
interface LevelDef {
  /** `w:numFmt`: decimal, lowerLetter, upperRoman, bullet, none… */
  format: string;
  /** `w:lvlText`, with `%1`…`%9` standing for the counters of levels 1–9. */
  text: string;
  /** `w:start`; the standard says 0 when it is missing. */
  start: number;
  /** `w:lvlRestart`: restart after this (1-based) level is used; 0 never. */
  restart?: number;
  /** `w:isLgl`: every number in the text written in decimal. */
  legal: boolean;
}

interface Definitions {
  abstracts: Map<string, { levels: Map<number, LevelDef>; numStyleLink?: string }>;
  nums: Map<string, { abstractId: string; starts: Map<number, number>; levels: Map<number, LevelDef> }>;
  /** Levels that name a paragraph style (`w:pStyle` in `w:lvl`), as mammoth finds them. */
  byStyle: Map<string, { abstractId: string; level: number }>;
  styles: Map<string, { basedOn?: string; numId?: string; ilvl?: number; pageBreakBefore?: boolean }>;
  defaultStyle?: string;
}

function parseLevel(attrs: string, inner: string): [number, LevelDef, string | undefined] {
  const level = int(attributes(attrs)["w:ilvl"]) ?? 0;
  const def: LevelDef = {
    format: val(inner, "numFmt") ?? "decimal",
    text: val(inner, "lvlText") ?? "",
    start: int(val(inner, "start")) ?? 0,
    legal: isOn(inner, "isLgl") ?? false,
  };
  const restart = int(val(inner, "lvlRestart"));
  if (restart !== undefined) def.restart = restart;
  return [level, def, val(inner, "pStyle")];
}

function parseDefinitions(parts: Parts): Definitions {
  const defs: Definitions = { abstracts: new Map(), nums: new Map(), byStyle: new Map(), styles: new Map() };
  const numbering = withoutUnread(parts.numbering ?? "");
  const styled: { id: string; abstractId: string; level: number; style: string }[] = [];
  for (const m of numbering.matchAll(/<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g)) {
    const id = attributes(m[1] ?? "")["w:abstractNumId"] ?? "";
    const abstract: { levels: Map<number, LevelDef>; numStyleLink?: string } = { levels: new Map() };
    const link = val(m[2] ?? "", "numStyleLink");
    if (link !== undefined) abstract.numStyleLink = link;
    for (const l of (m[2] ?? "").matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      const [level, def, style] = parseLevel(l[1] ?? "", l[2] ?? "");
      abstract.levels.set(level, def);
      if (style !== undefined) styled.push({ id, abstractId: id, level, style });
    }
    defs.abstracts.set(id, abstract);
  }
  // mammoth indexes styled levels by abstract id in numeric order, the last one winning.
  styled.sort((a, b) => (Number(a.id) || 0) - (Number(b.id) || 0) || a.level - b.level);
  for (const s of styled) defs.byStyle.set(s.style, { abstractId: s.abstractId, level: s.level });
  for (const m of numbering.matchAll(/<w:num\b([^>]*)>([\s\S]*?)<\/w:num>/g)) {
    const id = attributes(m[1] ?? "")["w:numId"] ?? "";
    const inner = m[2] ?? "";
    const num = { abstractId: val(inner, "abstractNumId") ?? "", starts: new Map<number, number>(), levels: new Map<number, LevelDef>() };
    for (const o of inner.matchAll(/<w:lvlOverride\b([^>]*)>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const level = int(attributes(o[1] ?? "")["w:ilvl"]) ?? 0;
      const start = int(val(o[2] ?? "", "startOverride"));
      if (start !== undefined) num.starts.set(level, start);
      const lvl = /<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/.exec(o[2] ?? "");
      if (lvl) num.levels.set(level, parseLevel(lvl[1] ?? "", lvl[2] ?? "")[1]);
    }
    defs.nums.set(id, num);
  }
  for (const m of withoutUnread(parts.styles ?? "").matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const a = attributes(m[1] ?? "");
    const id = a["w:styleId"];
    if (id === undefined) continue;
    const inner = m[2] ?? "";
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(inner)?.[1] ?? "";
    const style: { basedOn?: string; numId?: string; ilvl?: number; pageBreakBefore?: boolean } = {};
    const basedOn = val(inner, "basedOn");
    const numId = val(numPr, "numId");
    const ilvl = int(val(numPr, "ilvl"));
    const pageBreakBefore = isOn(inner, "pageBreakBefore");
    if (basedOn !== undefined) style.basedOn = basedOn;
    if (numId !== undefined) style.numId = numId;
    if (ilvl !== undefined) style.ilvl = ilvl;
    if (pageBreakBefore !== undefined) style.pageBreakBefore = pageBreakBefore;
    defs.styles.set(id, style);
    if (a["w:type"] === "paragraph" && /^(?:1|true|on)$/i.test(a["w:default"] ?? "")) defs.defaultStyle = id;
  }
  return defs;
}

/** A paragraph's numbering resolved against the definitions: which list, which level, what it looks like. */
interface Resolved {
  /** The abstract definition, whose counters the paragraph advances. */
  listId: string;
  numId?: string;
  level: number;
  /** The definition of a level of this list (the num's override, else the abstract's). */
  levelDef(level: number): LevelDef | undefined;
}

/** What the regex scan of document.xml learns about one `w:p`. */
interface ScannedParagraph {
  styleId?: string;
  numId?: string;
  ilvl?: number;
  pageBreakBefore?: boolean;
}

/** Numbering as Word resolves it: the paragraph's own numPr, else its style's (through basedOn), else a level linked to its style. */
function resolveNumbering(p: ScannedParagraph, defs: Definitions): Resolved | undefined {
  const styleId = p.styleId ?? defs.defaultStyle;
  let fromStyle: { numId?: string; ilvl?: number } | undefined;
  for (let id = styleId, hops = 0; id !== undefined && hops < 20; hops++) {
    const s = defs.styles.get(id);
    if (!s) break;
    if (s.numId !== undefined || s.ilvl !== undefined) {
      fromStyle = s;
      break;
    }
    id = s.basedOn;
  }
  const numId = p.numId ?? fromStyle?.numId;
  const linked = styleId !== undefined ? defs.byStyle.get(styleId) : undefined;
  if (numId === undefined) return linked ? listLevel(defs, linked.abstractId, undefined, linked.level) : undefined;
  const level = p.ilvl ?? fromStyle?.ilvl ?? linked?.level ?? 0;
  let abstractId: string | undefined;
  for (let id: string | undefined = numId, hops = 0; id !== undefined && hops < 10; hops++) {
    const a: string | undefined = defs.nums.get(id)?.abstractId;
    const link: string | undefined = a !== undefined ? defs.abstracts.get(a)?.numStyleLink : undefined;
    if (link === undefined) {
      abstractId = a;
      break;
    }
    // A list style: the abstract definition links to a numbering style, whose num holds the levels.
    id = defs.styles.get(link)?.numId;
  }
  return abstractId === undefined ? undefined : listLevel(defs, abstractId, numId, level);
}

function listLevel(defs: Definitions, listId: string, numId: string | undefined, level: number): Resolved | undefined {
  const abstract = defs.abstracts.get(listId);
  const num = numId !== undefined ? defs.nums.get(numId) : undefined;
  const levelDef = (l: number) => num?.levels.get(l) ?? abstract?.levels.get(l);
  if (!levelDef(level)) return undefined;
  const r: Resolved = { listId, level, levelDef };
  if (numId !== undefined) r.numId = numId;
  return r;
}

/** The paragraphs of document.xml in document order, as mammoth walks them. */
function scanParagraphs(documentXml: string): ScannedParagraph[] {
  const xml = withoutUnread(documentXml);
  const out: ScannedParagraph[] = [];
  const open = /<w:p(?=[\s>/])[^>]*?(\/?)>/g;
  const props = /\s*<w:pPr\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:pPr>)/y;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const p: ScannedParagraph = {};
    if (m[1] !== "/") {
      props.lastIndex = open.lastIndex;
      const pPr = props.exec(xml)?.[1] ?? "";
      // A paragraph whose mark is a tracked deletion is merged into the next one (as mammoth does).
      const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(pPr)?.[1] ?? "";
      if (/<w:del\b/.test(rPr)) continue;
      const styleId = val(pPr, "pStyle");
      const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(pPr)?.[1];
      const pageBreakBefore = isOn(pPr, "pageBreakBefore");
      if (styleId !== undefined) p.styleId = styleId;
      if (numPr !== undefined) {
        const numId = val(numPr, "numId");
        const ilvl = int(val(numPr, "ilvl"));
        if (numId !== undefined) p.numId = numId;
        if (ilvl !== undefined) p.ilvl = ilvl;
      }
      if (pageBreakBefore !== undefined) p.pageBreakBefore = pageBreakBefore;
    }
    out.push(p);
  }
  return out;
}

/** Per paragraph (in mammoth's order): its numbering and whether a page break comes before it. */
interface DocumentScan {
  numbering: (Resolved | undefined)[];
  pageBreakBefore: boolean[];
  /** The document's definitions; absent when they could not be matched to mammoth's paragraphs (labels then use the default scheme). */
  definitions?: Definitions;
}

/**
 * Matches the scan of document.xml to mammoth's paragraphs. The two must agree on the number of
 * paragraphs and on every paragraph mammoth sees as numbered (its level); otherwise the document
 * is one this scan misreads, and the labels fall back to the default scheme on mammoth's levels.
 */
function scanDocument(parts: Parts, paragraphs: ParagraphInfo[]): DocumentScan {
  const defs = parseDefinitions(parts);
  const scanned = scanParagraphs(parts.document);
  const numbering = scanned.map((p) => resolveNumbering(p, defs));
  const agrees =
    scanned.length === paragraphs.length &&
    paragraphs.every((p, i) => !p.element.numbering || Number(p.element.numbering.level) === numbering[i]?.level);
  if (agrees) {
    const pageBreakBefore = scanned.map((p) => p.pageBreakBefore ?? styleBreaksPage(p.styleId ?? defs.defaultStyle, defs));
    return { numbering, pageBreakBefore, definitions: defs };
  }
  return {
    numbering: paragraphs.map((p) => (p.element.numbering ? defaultLevel(p.element.numbering) : undefined)),
    pageBreakBefore: paragraphs.map(() => false),
  };
}

function styleBreaksPage(styleId: string | undefined, defs: Definitions): boolean {
  for (let id = styleId, hops = 0; id !== undefined && hops < 20; hops++) {
    const s = defs.styles.get(id);
    if (!s) break;
    if (s.pageBreakBefore !== undefined) return s.pageBreakBefore;
    id = s.basedOn;
  }
  return false;
}

/**
 * The scheme used when the document's own definitions cannot be read: 1. / (a) / (i) / (A),
 * then again, one list for the whole document. Bullets get no label.
 */
const DEFAULT_LEVELS: readonly LevelDef[] = [
  ["decimal", "%1."], ["lowerLetter", "(%2)"], ["lowerRoman", "(%3)"], ["upperLetter", "(%4)"], ["decimal", "(%5)"],
  ["lowerLetter", "(%6)"], ["lowerRoman", "(%7)"], ["upperLetter", "(%8)"], ["decimal", "(%9)"],
].map(([format, text]) => ({ format: format as string, text: text as string, start: 1, legal: false }));

const BULLET: LevelDef = { format: "bullet", text: "", start: 1, legal: false };

function defaultLevel(n: { isOrdered: boolean; level: string }): Resolved {
  const level = Number(n.level) || 0;
  // Bullets count apart, so a bulleted list does not advance the numbers around it.
  return n.isOrdered ? { listId: "*", level, levelDef: (l) => DEFAULT_LEVELS[l] } : { listId: "*bullets", level, levelDef: () => BULLET };
}

/** Word's counters: one set per list definition, a new list instance's start overrides applied when it first appears. */
class Counters {
  private readonly lists = new Map<string, { counts: (number | undefined)[]; starts: (number | undefined)[] }>();
  private readonly seen = new Set<string>();

  constructor(private readonly defs?: Definitions) {}

  /** Advances the paragraph's level and returns its label, or undefined for a bullet or an unnumbered format. */
  label(r: Resolved): string | undefined {
    let list = this.lists.get(r.listId);
    if (!list) {
      list = { counts: [], starts: [] };
      this.lists.set(r.listId, list);
    }
    if (r.numId !== undefined && !this.seen.has(r.numId)) {
      this.seen.add(r.numId);
      for (const [level, start] of this.defs?.nums.get(r.numId)?.starts ?? []) {
        list.counts[level] = undefined;
        list.starts[level] = start;
      }
    }
    const { counts, starts } = list;
    const start = (l: number) => starts[l] ?? r.levelDef(l)?.start ?? 0;
    const current = counts[r.level];
    counts[r.level] = current === undefined ? start(r.level) : current + 1;
    for (let d = r.level + 1; d < 9; d++) {
      const after = r.levelDef(d)?.restart ?? d;
      if (after !== 0 && r.level < after) counts[d] = undefined;
    }
    const def = r.levelDef(r.level);
    if (!def || def.format === "bullet") return undefined;
    const label = def.text.replace(/%([1-9])/g, (_, n: string) => {
      const l = Number(n) - 1;
      return formatNumber(counts[l] ?? start(l), def.legal ? "decimal" : (r.levelDef(l)?.format ?? "decimal"));
    });
    return label.trim() === "" ? undefined : label.trim();
  }
}

const ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** A counter in a Word number format; formats not listed are written in decimal. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case "none":
    case "bullet":
      return "";
    case "decimalZero":
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case "lowerLetter":
    case "upperLetter": {
      if (n < 1) return String(n);
      const letters = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return format === "upperLetter" ? letters.toUpperCase() : letters;
    }
    case "lowerRoman":
    case "upperRoman": {
      if (n < 1 || n > 3999) return String(n);
      const roman = toRoman(n);
      return format === "lowerRoman" ? roman.toLowerCase() : roman;
    }
    case "ordinal": {
      const tens = n % 100;
      const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
      return `${n}${suffix}`;
    }
    case "cardinalText":
    case "ordinalText": {
      if (n < 1 || n > 99) return String(n);
      let words = n < 20 ? (ONES[n] ?? "") : `${TENS[Math.floor(n / 10)]}${n % 10 ? `-${ONES[n % 10]}` : ""}`;
      if (format === "ordinalText") {
        words = words.replace(/(one|two|three|five|eight|nine|twelve|y|\w)$/, (w) =>
          ({ one: "first", two: "second", three: "third", five: "fifth", eight: "eighth", nine: "ninth", twelve: "twelfth", y: "ieth" })[w] ?? `${w}th`,
        );
      }
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
    default:
      return String(n);
  }
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
    [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
  ];
  let out = "";
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}

// ─── mammoth's document ──────────────────────────────────────────────────────────────────────────

/** The part of mammoth's document model this module reads (mammoth/lib/documents.js). */
interface MElement {
  type: string;
  children?: MElement[];
  value?: string;
  breakType?: string;
  checked?: boolean;
  numbering?: { isOrdered: boolean; level: string } | null;
}

async function mammothDocument(bytes: Uint8Array, file: string): Promise<MElement> {
  const { default: mammoth } = await import("mammoth");
  let root: MElement | undefined;
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Only the document model is wanted: hand mammoth's HTML writer an empty document.
        transformDocument: (document: MElement) => {
          root = document;
          return { ...document, children: [] };
        },
      },
    );
  } catch (e) {
    throw notDocx(file, `mammoth could not read it: ${(e as Error).message}`);
  }
  if (!root) throw notDocx(file, "mammoth found no document in it");
  return root;
}

/** One paragraph of the document: its line in fileText and what it holds. */
interface ParagraphInfo {
  element: MElement;
  /** Index from 0: the paragraph's line in fileText is index + 1. */
  index: number;
  /** The paragraph's text as a line of fileText: line breaks written as spaces. */
  line: string;
  /** Offsets in `line` of line breaks (written there as spaces). */
  lineBreaks: Set<number>;
  /** Offsets in `line` where page breaks stand (they take no character). */
  pageBreaks: number[];
}

/** Every paragraph in document order: the body, table cells (row by row) and text boxes. */
function collectParagraphs(root: MElement): ParagraphInfo[] {
  const out: ParagraphInfo[] = [];
  const visit = (nodes: MElement[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type === "paragraph") out.push(paragraphInfo(node, out.length));
      else visit(node.children);
    }
  };
  visit(root.children);
  return out;
}

function paragraphInfo(element: MElement, index: number): ParagraphInfo {
  let line = "";
  const lineBreaks = new Set<number>();
  const pageBreaks: number[] = [];
  const visit = (nodes: MElement[] | undefined) => {
    for (const n of nodes ?? []) {
      if (n.type === "text") line += (n.value ?? "").replace(/[\r\n\u2028\u2029]/g, " ");
      else if (n.type === "tab") line += "\t";
      else if (n.type === "checkbox") line += n.checked ? "\u2612" : "\u2610";
      else if (n.type === "break" && n.breakType === "page") pageBreaks.push(line.length);
      else if (n.type === "break") {
        lineBreaks.add(line.length);
        line += " ";
      } else if (n.type !== "note" && n.type !== "comment") visit(n.children);
    }
  };
  visit(element.children);
  return { element, index, line, lineBreaks, pageBreaks };
}

// ─── The text and its map ────────────────────────────────────────────────────────────────────────

/** Writes `text` and, for every character, its offset in fileText. */
class TextWriter {
  readonly chars: string[] = [];
  readonly offsets: number[] = [];
  /** fileText offset just past the last paragraph text written: where separators point. */
  private cursor = 0;
  /** Line breaks owed before the next block (2 = a blank line). */
  private pending = 0;
  /** fileText offset of a page break owed before the next block, or -1. */
  private pageBreak = -1;

  /** Asks for `n` line breaks before whatever is written next. */
  separate(n: number): void {
    this.pending = Math.max(this.pending, n);
  }

  /** A page break before the next block; breaks in a row, and those before any text or after all of it, show as nothing. */
  breakPage(at: number): void {
    if (this.chars.length > 0 && this.pageBreak < 0) this.pageBreak = at;
  }

  /** Writes `s`; each character at `at + i` when `step`, else all at `at`. */
  write(s: string, at: number, step: boolean): void {
    if (s.length === 0) return;
    if (this.pageBreak >= 0) {
      const at0 = this.pageBreak;
      this.pageBreak = -1;
      this.flush(2);
      this.push("\f", at0);
      this.pending = 2;
    }
    this.flush(this.pending);
    for (let i = 0; i < s.length; i++) this.push(s[i] as string, step ? at + i : at);
    if (step) this.cursor = at + s.length;
  }

  finish(fileLength: number): { text: string; fileOffsets: Int32Array } {
    const text = this.chars.join("");
    const fileOffsets = new Int32Array(text.length + 1);
    fileOffsets.set(this.offsets);
    fileOffsets[text.length] = Math.min(this.cursor, fileLength);
    return { text, fileOffsets };
  }

  private flush(n: number): void {
    if (this.chars.length > 0) for (let i = 0; i < n; i++) this.push("\n", this.cursor);
    this.pending = 0;
  }

  private push(c: string, at: number): void {
    this.chars.push(c);
    this.offsets.push(at);
  }
}

function buildText(root: MElement, paragraphs: ParagraphInfo[], scan: DocumentScan): { text: string; fileText: string; fileOffsets: Int32Array } {
  const lineStarts: number[] = [];
  let length = 0;
  for (const p of paragraphs) {
    lineStarts.push(length);
    length += p.line.length + 1;
  }
  const fileText = paragraphs.map((p) => p.line).join("\n");
  const byElement = new Map(paragraphs.map((p) => [p.element, p]));
  const counters = new Counters(scan.definitions);
  const labels = paragraphs.map((p) => {
    const r = scan.numbering[p.index];
    return r ? counters.label(r) : undefined;
  });
  const out = new TextWriter();

  const paragraph = (info: ParagraphInfo, separator: number) => {
    const start = lineStarts[info.index] ?? 0;
    const line = info.line;
    if (scan.pageBreakBefore[info.index]) out.breakPage(start);
    const first = line.search(/\S/);
    if (first < 0) {
      if (info.pageBreaks.length > 0) out.breakPage(start);
      return;
    }
    const last = line.trimEnd().length;
    if (info.pageBreaks.some((b) => b <= first)) out.breakPage(start + first);
    out.separate(separator);
    const label = labels[info.index];
    if (label) out.write(`${label} `, start, false);
    // Line breaks become newlines; a page break inside the text gets a line of its own.
    const inside = info.pageBreaks.filter((b) => b > first && b < last);
    const cuts = [...new Set([...info.lineBreaks, ...inside])].sort((a, b) => a - b);
    let from = 0;
    for (const cut of cuts) {
      out.write(line.slice(from, cut), start + from, true);
      if (info.lineBreaks.has(cut)) {
        out.write("\n", start + cut, true);
        from = cut + 1;
      } else {
        out.write("\n\f\n", start + cut, false);
        from = cut;
      }
    }
    out.write(line.slice(from), start + from, true);
    if (info.pageBreaks.some((b) => b >= last)) out.breakPage(start + last);
  };

  const blocks = (nodes: MElement[] | undefined, separator: number) => {
    for (const node of nodes ?? []) {
      const info = node.type === "paragraph" ? byElement.get(node) : undefined;
      if (info) paragraph(info, separator);
      else if (node.type === "table" || node.type === "tableRow") {
        out.separate(2);
        blocks(node.children, 2);
        out.separate(2);
      } else if (node.type === "tableCell") {
        out.separate(2);
        blocks(node.children, 1);
        out.separate(2);
      } else blocks(node.children, separator);
    }
  };
  blocks(root.children, 2);
  return { fileText, ...out.finish(fileText.length) };
}
