import type { Source, Span } from "../types.js";
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

/** The locator for a source. */
export function locatorFor(source: Source): Locator {
  return source.map ? new MappedLocator(source.map) : new LineIndex(source.text);
}
