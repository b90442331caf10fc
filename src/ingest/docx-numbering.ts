/**
 * Word's automatic numbering, which mammoth reports only as "a list item at level n", rebuilt into
 * the labels Word shows ("1.", "(a)", "Section 2.1", "ARTICLE IV") from the document's own
 * numbering definitions (word/numbering.xml). They are read here because mammoth does not expose
 * them (it gives a level and whether it is ordered, not the format, the level text or the start).
 * The definitions are used only when a scan of document.xml matches mammoth's paragraphs one for
 * one; otherwise labels follow a default scheme on mammoth's levels: `1.`, `(a)`, `(i)`, `(A)`,
 * one list for the whole document. Numbering a paragraph inherits from its style is read from the
 * style (mammoth misses it). The same scan finds the paragraphs that start a new page
 * (`w:pageBreakBefore`, on the paragraph or its style), which mammoth does not read at all.
 *
 * The parts are read with an XML parser (docx-xml.ts: htmlparser2, namespaces resolved as mammoth
 * resolves them), no longer with regular expressions (issue 12); docx-xml.ts gives the reasons
 * and the measured cost (a first read in a fresh process: docxSource +4% on the 15 KB sample,
 * +15% on a 300 KB document.xml, +13% on 3 MB; the same scan, labels and text on every .docx
 * tried). Properties are read where the schema puts them and mammoth looks for them: `w:pPr` a
 * child of `w:p`, `w:numPr` of `w:pPr`, `w:lvl` of `w:abstractNum`, and so on.
 */
import type { Parts } from "./docx-zip.js";
import { child, children, descendants, readXml, type XmlElement } from "./docx-xml.js";

/** What mammoth says of a numbered paragraph: a list item at a level (from "0"), ordered or bulleted. */
export interface MammothNumbering {
  isOrdered: boolean;
  level: string;
}

// ─── Reading the XML ─────────────────────────────────────────────────────────────────────────────

/** Content mammoth never reads (besides an AlternateContent's Choice, which readXml leaves out): DrawingML shapes, tracked paragraph-property changes. */
const UNREAD = new Set(["w:drawing", "w:pPrChange"]);

/** A part read into elements, less what mammoth never reads. */
function read(xml: string | undefined): XmlElement {
  return readXml(xml ?? "", { skip: UNREAD });
}

/**
 * The elements of document.xml the scan reads: the paragraphs and the properties it asks of them.
 * Others (runs, tables, text boxes…) are read through, so a paragraph in a table cell or a text
 * box is still found in document order; keeping only these roughly halves the time of the read.
 */
const SCANNED = new Set(["w:p", "w:pPr", "w:rPr", "w:del", "w:pStyle", "w:numPr", "w:numId", "w:ilvl", "w:pageBreakBefore"]);

/** The `w:val` of `element`'s first child named `name`, if any. */
function val(element: XmlElement | undefined, name: string): string | undefined {
  return child(element, name)?.attributes["w:val"];
}

/** An on/off property such as `<w:isLgl/>`, a child of `element`: on unless its value says off. */
function isOn(element: XmlElement | undefined, name: string): boolean | undefined {
  const e = child(element, name);
  if (!e) return undefined;
  const v = e.attributes["w:val"];
  return v === undefined || !/^(?:0|false|off)$/i.test(v);
}

function int(s: string | undefined): number | undefined {
  const n = s === undefined ? Number.NaN : Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : undefined;
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

function parseLevel(lvl: XmlElement): [number, LevelDef, string | undefined] {
  const level = int(lvl.attributes["w:ilvl"]) ?? 0;
  const def: LevelDef = {
    format: val(lvl, "w:numFmt") ?? "decimal",
    text: val(lvl, "w:lvlText") ?? "",
    start: int(val(lvl, "w:start")) ?? 0,
    legal: isOn(lvl, "w:isLgl") ?? false,
  };
  const restart = int(val(lvl, "w:lvlRestart"));
  if (restart !== undefined) def.restart = restart;
  return [level, def, val(lvl, "w:pStyle")];
}

function parseDefinitions(parts: Parts): Definitions {
  const defs: Definitions = { abstracts: new Map(), nums: new Map(), byStyle: new Map(), styles: new Map() };
  const numbering = child(read(parts.numbering), "w:numbering");
  const styled: { id: string; abstractId: string; level: number; style: string }[] = [];
  for (const a of children(numbering, "w:abstractNum")) {
    const id = a.attributes["w:abstractNumId"] ?? "";
    const abstract: { levels: Map<number, LevelDef>; numStyleLink?: string } = { levels: new Map() };
    const link = val(a, "w:numStyleLink");
    if (link !== undefined) abstract.numStyleLink = link;
    for (const l of children(a, "w:lvl")) {
      const [level, def, style] = parseLevel(l);
      abstract.levels.set(level, def);
      if (style !== undefined) styled.push({ id, abstractId: id, level, style });
    }
    defs.abstracts.set(id, abstract);
  }
  // mammoth indexes styled levels by abstract id in numeric order, the last one winning.
  styled.sort((a, b) => (Number(a.id) || 0) - (Number(b.id) || 0) || a.level - b.level);
  for (const s of styled) defs.byStyle.set(s.style, { abstractId: s.abstractId, level: s.level });
  for (const n of children(numbering, "w:num")) {
    const id = n.attributes["w:numId"] ?? "";
    const num = { abstractId: val(n, "w:abstractNumId") ?? "", starts: new Map<number, number>(), levels: new Map<number, LevelDef>() };
    for (const o of children(n, "w:lvlOverride")) {
      const level = int(o.attributes["w:ilvl"]) ?? 0;
      const start = int(val(o, "w:startOverride"));
      if (start !== undefined) num.starts.set(level, start);
      const lvl = child(o, "w:lvl");
      if (lvl) num.levels.set(level, parseLevel(lvl)[1]);
    }
    defs.nums.set(id, num);
  }
  for (const e of children(child(read(parts.styles), "w:styles"), "w:style")) {
    const id = e.attributes["w:styleId"];
    if (id === undefined) continue;
    const pPr = child(e, "w:pPr");
    const numPr = child(pPr, "w:numPr");
    const style: { basedOn?: string; numId?: string; ilvl?: number; pageBreakBefore?: boolean } = {};
    const basedOn = val(e, "w:basedOn");
    const numId = val(numPr, "w:numId");
    const ilvl = int(val(numPr, "w:ilvl"));
    const pageBreakBefore = isOn(pPr, "w:pageBreakBefore");
    if (basedOn !== undefined) style.basedOn = basedOn;
    if (numId !== undefined) style.numId = numId;
    if (ilvl !== undefined) style.ilvl = ilvl;
    if (pageBreakBefore !== undefined) style.pageBreakBefore = pageBreakBefore;
    defs.styles.set(id, style);
    if (e.attributes["w:type"] === "paragraph" && /^(?:1|true|on)$/i.test(e.attributes["w:default"] ?? "")) defs.defaultStyle = id;
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

/** What the scan of document.xml learns about one `w:p`. */
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
  const out: ScannedParagraph[] = [];
  for (const e of descendants(readXml(documentXml, { skip: UNREAD, keep: SCANNED }), "w:p")) {
    const pPr = child(e, "w:pPr");
    // A paragraph whose mark is a tracked deletion is merged into the next one (as mammoth does).
    if (child(child(pPr, "w:rPr"), "w:del")) continue;
    const p: ScannedParagraph = {};
    const styleId = val(pPr, "w:pStyle");
    const numPr = child(pPr, "w:numPr");
    const pageBreakBefore = isOn(pPr, "w:pageBreakBefore");
    if (styleId !== undefined) p.styleId = styleId;
    const numId = val(numPr, "w:numId");
    const ilvl = int(val(numPr, "w:ilvl"));
    if (numId !== undefined) p.numId = numId;
    if (ilvl !== undefined) p.ilvl = ilvl;
    if (pageBreakBefore !== undefined) p.pageBreakBefore = pageBreakBefore;
    out.push(p);
  }
  return out;
}

/** Per paragraph (in mammoth's order): its numbering and whether a page break comes before it. */
export interface DocumentScan {
  numbering: (Resolved | undefined)[];
  pageBreakBefore: boolean[];
  /** The document's definitions; absent when they could not be matched to mammoth's paragraphs (labels then use the default scheme). */
  definitions?: Definitions;
}

/**
 * Matches the scan of document.xml to mammoth's paragraphs. The two must agree on the number of
 * paragraphs and on every paragraph mammoth sees as numbered (its level); otherwise the document
 * is one this scan misreads, and the labels fall back to the default scheme on mammoth's levels.
 * `mammothNumbering` is mammoth's numbering of each of its paragraphs, in document order.
 */
export function scanDocument(parts: Parts, mammothNumbering: readonly (MammothNumbering | null | undefined)[]): DocumentScan {
  const defs = parseDefinitions(parts);
  const scanned = scanParagraphs(parts.document);
  const numbering = scanned.map((p) => resolveNumbering(p, defs));
  const agrees =
    scanned.length === mammothNumbering.length &&
    mammothNumbering.every((n, i) => !n || Number(n.level) === numbering[i]?.level);
  if (agrees) {
    const pageBreakBefore = scanned.map((p) => p.pageBreakBefore ?? styleBreaksPage(p.styleId ?? defs.defaultStyle, defs));
    return { numbering, pageBreakBefore, definitions: defs };
  }
  return {
    numbering: mammothNumbering.map((n) => (n ? defaultLevel(n) : undefined)),
    pageBreakBefore: mammothNumbering.map(() => false),
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

function defaultLevel(n: MammothNumbering): Resolved {
  const level = Number(n.level) || 0;
  // Bullets count apart, so a bulleted list does not advance the numbers around it.
  return n.isOrdered ? { listId: "*", level, levelDef: (l) => DEFAULT_LEVELS[l] } : { listId: "*bullets", level, levelDef: () => BULLET };
}

/**
 * Each paragraph's label as Word writes it (undefined for none), in the scan's order: the counters
 * advance paragraph by paragraph, so the labels must be taken in document order, all at once.
 */
export function paragraphLabels(scan: DocumentScan): (string | undefined)[] {
  const counters = new Counters(scan.definitions);
  return scan.numbering.map((r) => (r ? counters.label(r) : undefined));
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
