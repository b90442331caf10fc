/**
 * Word .docx read as a reader sees it. mammoth reads the document (paragraphs, runs, tables,
 * breaks) through docx-zip.ts, the one zip reader (a zip bomb is refused before anything is
 * unzipped), which also takes out the parts mammoth does not expose. Automatic numbering, which
 * mammoth reports only as "a list item at level n", is rebuilt into the labels Word shows ("1.",
 * "(a)", "Section 2.1", "ARTICLE IV") by docx-numbering.ts from the document's own definitions.
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
import { ClauseCheckError } from "../errors.js";
import type { Source } from "../types.js";
import { type DocumentScan, type MammothNumbering, paragraphLabels, scanDocument } from "./docx-numbering.js";
import { type MammothZip, notDocx, openDocx } from "./docx-zip.js";

/**
 * Reads a Word .docx into a Source whose positions are paragraphs. Throws ClauseCheckError:
 * BINARY when the bytes are not a Word document (not a zip, damaged, a legacy .doc),
 * TOO_LARGE when the zip would unzip to too much (a zip bomb), EMPTY when it has no text.
 */
export async function docxSource(bytes: Uint8Array, file: string): Promise<Source> {
  if (bytes.length === 0) throw new ClauseCheckError("EMPTY", "the file is empty", { file });
  // The zip is read by docx-zip.ts alone, mammoth included: its directory is checked first
  // (declared sizes, and shapes zip readers disagree on), then every part is inflated with its
  // declared size as a hard cap, so a lying entry cannot balloon either.
  const { parts, mammothZip } = await openDocx(bytes, file);
  const root = await mammothDocument(mammothZip, file);
  const paragraphs = collectParagraphs(root);
  const scan = scanDocument(parts, paragraphs.map((p) => p.element.numbering));
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

// ─── mammoth's document ──────────────────────────────────────────────────────────────────────────

/** The part of mammoth's document model this module reads (mammoth/lib/documents.js). */
interface MElement {
  type: string;
  children?: MElement[];
  value?: string;
  breakType?: string;
  checked?: boolean;
  numbering?: MammothNumbering | null;
}

async function mammothDocument(zip: MammothZip, file: string): Promise<MElement> {
  const { default: mammoth } = await import("mammoth");
  let root: MElement | undefined;
  try {
    await mammoth.convertToHtml(
      // `{ file }` (an opened zip) is an input mammoth's unzip.openZip accepts but its type
      // declarations leave out; it keeps JSZip from parsing the file (docx-zip.ts says why).
      { file: zip } as unknown as { buffer: Buffer },
      {
        // Only the document model is wanted: hand mammoth's HTML writer an empty document.
        transformDocument: (document: MElement) => {
          root = document;
          return { ...document, children: [] };
        },
      },
    );
  } catch (e) {
    // A part too large or damaged, found while mammoth read it, is reported as such.
    if (e instanceof ClauseCheckError) throw e;
    // mammoth's XML parser reports over several lines with tabs: keep the error one line.
    throw notDocx(file, `mammoth could not read it: ${(e as Error).message.replace(/\s+/g, " ").trim()}`);
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
  const labels = paragraphLabels(scan);
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
