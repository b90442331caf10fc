/**
 * The text of an HTML file as a reader sees it, built from the parser's tags and text: blocks
 * become lines and blank lines, runs of spaces collapse, entities keep the file offsets of what
 * they stand for, and page furniture (page-number lines) is left out. Tables are recorded as they
 * are read so that side-by-side signature blocks can be laid out again (html-tables.ts).
 */
import type { SourceMap } from "../types.js";
import { type Cell, layOutSignatures, type Row } from "./html-tables.js";

/** Elements that stand as paragraphs: a blank line before and after. `page` is EDGAR's `<PAGE>` marker. */
const PARAGRAPH = new Set([
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "center", "blockquote", "pre", "ul", "ol", "dl", "li",
  "hr", "page", "address", "section", "article", "header", "footer", "main", "nav", "aside", "form", "fieldset",
  "figure", "figcaption",
]);

/** Elements that stand on a line of their own. */
const LINE = new Set(["tr", "dt", "dd", "caption"]);

/** The blocks named in `SourceMap.elements`, so a finding can say "in a `td`". */
const NAMED = new Set([
  "p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "center", "blockquote", "pre", "dt", "dd", "caption", "address",
]);

/** A line holding only a page number: `2`, `- 2 -`, `ii`, `Page 2 of 5`. */
const PAGE_NUMBER = /^(?:-\s*)?(?:\d{1,3}|[ivx]{1,6}|(?:Page|PAGE) \d{1,3}(?: (?:of|OF) \d{1,3})?)(?:\s*-)?$/;

/** Spaces a reader cannot tell apart from a space (`&nbsp;` among them); they collapse like spaces. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Characters with no width (soft hyphen, zero-width space and joiners, byte-order mark): not text. */
function isInvisible(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0xfeff;
}

/** A named block and where its text stands (text offsets; start is -1 until its first character). */
interface ElementRecord {
  name: string;
  start: number;
  end: number;
  open: boolean;
}

/**
 * An element open in the parse and what the builder made of it (a named block, a table, a row, a
 * cell), so that closing it ends what opening it began. A hidden element never reaches the builder.
 */
export interface Frame {
  name: string;
  hidden?: boolean;
  element?: ElementRecord;
  table?: Row[];
  row?: Row;
  cell?: Cell;
}

/**
 * Builds the text and its map. Separators (a space, a tab between cells, line breaks between
 * blocks) are held back until the next visible character, so runs collapse and nothing
 * trails at the end of a line or of the text.
 */
export class TextBuilder {
  private readonly chars: string[] = [];
  private readonly offsets: number[] = [];
  private readonly elements: ElementRecord[] = [];
  private unstarted: ElementRecord[] = [];
  private readonly tables: Row[][] = [];
  private readonly rows: Row[] = [];
  private readonly cells: Cell[] = [];
  /** The named blocks open now, innermost last. */
  private readonly blocks: string[] = [];
  private pre = 0;
  /** An element, cell or row opened since the last character was written. */
  private opened = false;
  private newlines = 0;
  private lineStart = 0;
  /** The current line stands straight in a table cell: a number there is data, not a page number. */
  private lineInCell = false;
  /** File offset of a pending space, or of the cell that asks for a tab; -1 when none. */
  private space = -1;
  private tab = -1;
  /** Pending line breaks (2 = a blank line), and the file offset of the tag that asked for them. */
  private breaks = 0;
  private breakAt = 0;
  private lastEnd = 0;

  /** An element opens at file offset `at`: it asks for the breaks it stands between, and starts its block, row or cell. */
  open(frame: Frame, at: number, colspan: number): void {
    const name = frame.name;
    if (name === "br") return this.lineBreak(at);
    if (name === "td" || name === "th") this.openCell(frame, at, colspan);
    else if (name === "tr") {
      this.request(1, at);
      frame.row = { cells: [], nextColumn: 0, hasContent: false, newlinesBefore: 0 };
      this.rows.push(frame.row);
      this.tables.at(-1)?.push(frame.row);
    } else if (PARAGRAPH.has(name)) this.request(2, at);
    else if (LINE.has(name)) this.request(1, at);
    if (name === "table") {
      frame.table = [];
      this.tables.push(frame.table);
    }
    if (name === "pre") this.pre++;
    if (frame.cell || frame.row || NAMED.has(name)) this.opened = true;
    if (NAMED.has(name)) {
      this.blocks.push(name);
      frame.element = { name, start: -1, end: -1, open: true };
      this.elements.push(frame.element);
      this.unstarted.push(frame.element);
    }
  }

  /** An element closes at file offset `at`: its block ends, and a finished table may be laid out again. */
  close(frame: Frame, at: number): void {
    if (frame.element) {
      frame.element.open = false;
      frame.element.end = this.chars.length;
      this.blocks.pop();
    }
    if (frame.name === "pre") this.pre--;
    if (frame.cell) {
      this.cells.pop();
      frame.cell.end = this.chars.length;
      // A break the cell's own blocks asked for is the row's business: cells sit side by side.
      if (frame.cell.start >= 0) this.breaks = 0;
    } else if (frame.row) {
      this.rows.pop();
      this.request(1, at);
    } else if (PARAGRAPH.has(frame.name)) this.request(2, at);
    else if (LINE.has(frame.name)) this.request(1, at);
    if (frame.table) {
      this.tables.pop();
      const layout = layOutSignatures(frame.table, this.chars, this.offsets, this.elements);
      if (layout) this.replaceFrom(layout.from, layout.chars, layout.offsets);
    }
  }

  /** Text as htmlparser2 gives it: a raw run starting at `start`, or one decoded entity spanning [start, end). */
  text(data: string, start: number, end: number, entity: boolean): void {
    for (let i = 0; i < data.length; i++) {
      const code = data.charCodeAt(i);
      const at = entity ? start : start + i;
      if (isSpace(code)) {
        if (this.pre > 0 && (code === 10 || code === 13)) {
          if (code === 13 && data.charCodeAt(i + 1) === 10) continue;
          this.lineBreak(at);
        } else if (this.pre > 0 && this.breaks === 0 && this.tab < 0 && this.chars.length > this.lineStart) {
          this.push(" ", at);
        } else if (this.space < 0) this.space = at;
        continue;
      }
      if (isInvisible(code)) continue;
      this.emit(data[i] as string, at, entity ? end : at + 1);
    }
  }

  /** The text, its map back to the file and the elements holding it. */
  finish(fileLength: number): { text: string; fileOffsets: Int32Array; elements: NonNullable<SourceMap["elements"]> } {
    this.trimLine();
    this.dropPageNumber();
    const text = this.chars.join("");
    const fileOffsets = new Int32Array(text.length + 1);
    fileOffsets.set(this.offsets);
    fileOffsets[text.length] = Math.min(this.lastEnd, fileLength);
    const elements = this.elements
      .map((e) => ({ name: e.name, start: e.start, end: e.end < 0 || e.end > text.length ? text.length : e.end }))
      .filter((e) => e.start >= 0 && e.end > e.start)
      // Stable: an element and the one inside it that starts at the same character keep their order.
      .sort((a, b) => a.start - b.start);
    return { text, fileOffsets, elements };
  }

  /** A table cell: beside the row's earlier cells while the row is one line, else below them. */
  private openCell(frame: Frame, at: number, colspan: number): void {
    const row = this.rows.at(-1);
    if (!row) this.request(1, at);
    else if (row.hasContent && this.newlines === row.newlinesBefore) {
      this.breaks = 0;
      this.tab = at;
    } else if (row.hasContent) {
      this.breaks = 2;
      this.breakAt = at;
    }
    frame.cell = { column: row?.nextColumn ?? 0, at, start: -1, end: -1 };
    if (row) {
      row.cells.push(frame.cell);
      row.nextColumn += Math.max(1, Math.min(colspan, 100));
    }
    this.cells.push(frame.cell);
  }

  /** Nothing is separated at the start of the text or of a cell: the cell's own boundary decides. */
  private atStart(): boolean {
    return this.chars.length === 0 || (this.cells.at(-1)?.start ?? 0) < 0;
  }

  /** A block boundary: `n` line breaks (2 = a blank line) before the next character. */
  private request(n: number, at: number): void {
    if (this.atStart()) return;
    if (n > this.breaks) {
      if (this.breaks === 0) this.breakAt = at;
      this.breaks = n;
    }
  }

  /** `<br>` (and a line break in `<pre>`): ends the line; a second one in a row leaves a blank line. */
  private lineBreak(at: number): void {
    if (this.atStart()) return;
    if (this.breaks === 0) this.breakAt = at;
    this.breaks = Math.min(2, this.breaks + 1);
  }

  private emit(char: string, at: number, end: number): void {
    if (this.breaks > 0 || this.tab >= 0 || this.space >= 0 || this.chars.length === this.lineStart) this.separate();
    this.push(char, at);
    this.lastEnd = end;
    if (this.opened) this.start();
  }

  /** Writes what is pending before a character: line breaks, or a tab or a space inside a line. */
  private separate(): void {
    if (this.chars.length > 0) {
      if (this.breaks > 0) this.flushBreaks();
      else if (this.chars.length > this.lineStart) {
        if (this.tab >= 0) this.push("\t", this.tab);
        else if (this.space >= 0) this.push(" ", this.space);
      }
    }
    this.breaks = 0;
    this.tab = -1;
    this.space = -1;
    if (this.chars.length === this.lineStart) {
      const block = this.blocks.at(-1);
      this.lineInCell = this.cells.length > 0 && (block === "td" || block === "th");
    }
  }

  /** The first character since elements, cells or rows opened: they start here. */
  private start(): void {
    const at = this.chars.length - 1;
    this.opened = false;
    for (const e of this.unstarted) e.start = at;
    this.unstarted = [];
    for (const c of this.cells) if (c.start < 0) c.start = at;
    for (const r of this.rows) {
      if (r.hasContent) continue;
      r.hasContent = true;
      r.newlinesBefore = this.newlines;
    }
  }

  private flushBreaks(): void {
    this.trimLine();
    this.dropPageNumber();
    if (this.chars.length === 0) return;
    for (let i = 0; i < this.breaks; i++) {
      this.push("\n", this.breakAt);
      this.newlines++;
      this.lineStart = this.chars.length;
    }
  }

  /** Drops the spaces `<pre>` left at the end of the line. */
  private trimLine(): void {
    while (this.chars.length > this.lineStart && this.chars.at(-1) === " ") {
      this.chars.pop();
      this.offsets.pop();
      this.lastEnd = (this.offsets.at(-1) ?? -1) + 1;
    }
  }

  private push(char: string, at: number): void {
    this.chars.push(char);
    this.offsets.push(at);
  }

  /** A line that is only a page number (unless straight in a table cell) is page furniture: remove it and the breaks before it. */
  private dropPageNumber(): void {
    const length = this.chars.length - this.lineStart;
    if (this.lineInCell || length === 0 || length > 16) return;
    if (!PAGE_NUMBER.test(this.chars.slice(this.lineStart).join("").trim())) return;
    let cut = this.lineStart;
    while (cut > 0 && this.chars[cut - 1] === "\n") cut--;
    if (cut < this.lineStart) {
      // The breaks before the page number now separate what stood around it.
      this.breakAt = this.offsets[cut] ?? this.breakAt;
      this.breaks = Math.max(this.breaks, this.lineStart - cut);
      this.newlines -= this.lineStart - cut;
    }
    this.chars.length = cut;
    this.offsets.length = cut;
    this.lineStart = this.chars.lastIndexOf("\n") + 1;
    // The line we are back on has been checked already.
    this.lineInCell = true;
    this.lastEnd = cut > 0 ? (this.offsets[cut - 1] ?? 0) + 1 : 0;
    for (const e of this.elements) {
      if (e.start >= cut) {
        e.start = -1;
        if (e.open) this.unstarted.push(e);
      } else if (!e.open && e.end > cut) e.end = cut;
    }
    for (const c of this.tables.flat().flatMap((r) => r.cells)) {
      if (c.start >= cut) c.start = -1;
      else if (c.end > cut) c.end = cut;
    }
    this.opened = true;
  }

  /** Puts laid-out text in place of the text from `from` on, keeping the line count and the line's start true. */
  private replaceFrom(from: number, chars: readonly string[], offsets: readonly number[]): void {
    const countNewlines = (a: readonly string[]) => a.reduce((n, c) => n + (c === "\n" ? 1 : 0), 0);
    this.newlines += countNewlines(chars) - countNewlines(this.chars.slice(from));
    this.chars.length = from;
    this.offsets.length = from;
    for (let i = 0; i < chars.length; i++) this.push(chars[i] as string, offsets[i] as number);
    this.lineStart = this.chars.lastIndexOf("\n") + 1;
    this.lastEnd = (this.offsets.at(-1) ?? -1) + 1;
  }
}
