import type { Source, SourceBase, Span } from "../types.js";
import { LineIndex } from "./line-index.js";

/**
 * Turns offsets in a Source's text into places in the file the user has. For plain and EDGAR
 * text the text is the file's own (wrappers are blanked, not removed), so this is a LineIndex.
 * For HTML and .docx the text is extracted, and `source.map` says where each character came
 * from: a line and column of the HTML file, or a paragraph of the Word document.
 */
export interface Locator {
  /** Line (or paragraph) and column, both from 1, of a text offset (from 0). */
  position(offset: number): { line: number; column: number };
  /** Offsets stay those of the text; lines and columns are those of the file. */
  span(start: number, end: number): Span;
  /** The innermost HTML element holding a text offset, e.g. `p`, `td`, when the file is HTML. */
  element(offset: number): string | undefined;
  /** Lines (or paragraphs) in the file. */
  readonly lineCount: number;
}

class MappedLocator implements Locator {
  private readonly file: LineIndex;
  constructor(private readonly map: NonNullable<Source["map"]>) {
    this.file = new LineIndex(map.fileText);
  }
  get lineCount(): number {
    return this.file.lineCount;
  }
  private fileOffset(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.map.fileOffsets.length - 1));
    return this.map.fileOffsets[o] ?? this.map.fileText.length;
  }
  position(offset: number): { line: number; column: number } {
    return this.file.position(this.fileOffset(offset));
  }
  span(start: number, end: number): Span {
    const a = this.position(start);
    if (end <= start) return { start, end, line: a.line, column: a.column, endLine: a.line, endColumn: a.column };
    // The end is one past the last character: map the last character, then step past it. Line
    // breaks at the end belong to their line (as in LineIndex.span).
    const fileText = this.map.fileText;
    let lastChar = this.fileOffset(end - 1);
    const first = this.fileOffset(start);
    while (lastChar > first && (fileText[lastChar] === "\n" || fileText[lastChar] === "\r")) lastChar--;
    const last = this.file.position(lastChar);
    const isBreak = fileText[lastChar] === "\n" || fileText[lastChar] === "\r";
    return { start, end, line: a.line, column: a.column, endLine: last.line, endColumn: isBreak ? last.column : last.column + 1 };
  }
  element(offset: number): string | undefined {
    const elements = this.map.elements;
    if (!elements) return undefined;
    let found: string | undefined;
    // Elements are sorted by start; the innermost holding the offset is the last that starts before it and still holds it.
    let lo = 0;
    let hi = elements.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((elements[mid]?.start ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const e = elements[i];
      if (e && e.start <= offset && offset < e.end) {
        found = e.name;
        break;
      }
    }
    return found;
  }
}

/**
 * A locator for text cut out of a larger file (an exhibit of a full EDGAR submission): the
 * inner locator places offsets in the exhibit's own lines, and this moves them to the file's
 * (the exhibit's first line starts at `base.column`, later lines at column 1).
 */
class BaseLocator implements Locator {
  constructor(
    private readonly inner: Locator,
    private readonly base: SourceBase,
  ) {}
  get lineCount(): number {
    return this.base.lineCount;
  }
  private shift(line: number, column: number): { line: number; column: number } {
    return line === 1 ? { line: this.base.line, column: column + this.base.column - 1 } : { line: line + this.base.line - 1, column };
  }
  position(offset: number): { line: number; column: number } {
    const p = this.inner.position(offset);
    return this.shift(p.line, p.column);
  }
  span(start: number, end: number): Span {
    const s = this.inner.span(start, end);
    const a = this.shift(s.line, s.column);
    const b = this.shift(s.endLine, s.endColumn);
    return { start: s.start, end: s.end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
  element(offset: number): string | undefined {
    return this.inner.element(offset);
  }
}

/** Locators made, by source, with what each was made from. */
const locators = new WeakMap<Source, { text: string; map: Source["map"]; base: Source["base"]; locator: Locator }>();

/**
 * The locator for a source. Made once for a source (parsing and checking a document both ask;
 * the line index of a 3 MB text took 10 ms to build), again if its text, map or base changed.
 */
export function locatorFor(source: Source): Locator {
  const made = locators.get(source);
  if (made && made.text === source.text && made.map === source.map && made.base === source.base) return made.locator;
  const inner = source.map ? new MappedLocator(source.map) : new LineIndex(source.text);
  const locator = source.base ? new BaseLocator(inner, source.base) : inner;
  locators.set(source, { text: source.text, map: source.map, base: source.base, locator });
  return locator;
}

/**
 * Offsets of a text from lines and columns of the file it was cut from (the inverse of a
 * locator's positions for plain text): `base` as in Source.base, absent when the text is the file.
 */
export function textOffset(lines: LineIndex, line: number, column: number, base?: Pick<SourceBase, "line" | "column">): number {
  if (!base) return lines.offset(line, column);
  if (line < base.line) return 0;
  if (line === base.line) return lines.offset(1, column - base.column + 1);
  return lines.offset(line - base.line + 1, column);
}
