import type { Span } from "../types.js";

/**
 * Maps offsets (from 0) to lines and columns (from 1) and back, for one text.
 * The only place in clausecheck that knows how lines are counted: `\n`, `\r\n` and a lone `\r`
 * each end a line.
 */
export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is 0. */
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    // Line breaks found with indexOf (the engine's own scan, several times faster than a loop
    // over the characters: building the index was 1.5% of a corpus check), the nearer first.
    const starts = [0];
    let lf = text.indexOf("\n");
    let cr = text.indexOf("\r");
    while (lf !== -1 || cr !== -1) {
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A lone \r ends a line; the \r of \r\n leaves it to its \n.
        if (text.charCodeAt(cr + 1) !== 10) starts.push(cr + 1);
        cr = text.indexOf("\r", cr + 1);
      } else {
        starts.push(lf + 1);
        lf = text.indexOf("\n", lf + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** Number of lines (a final line without a newline counts; a trailing newline does not add one). */
  get lineCount(): number {
    const n = this.lineStarts.length;
    return n > 1 && this.lineStarts[n - 1] === this.text.length ? n - 1 : n;
  }

  /** Line and column (both from 1) of an offset (from 0). Offsets past the end clamp to it. */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** Offset (from 0) of a line and column (both from 1); a column past the line's end stays on that line. */
  offset(line: number, column: number): number {
    const index = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    const start = this.lineStarts[index] ?? 0;
    const next = this.lineStarts[index + 1];
    // The last offset on the line is its final line-break character.
    const last = next === undefined ? this.text.length : next - 1;
    return Math.min(last, start + Math.max(0, column - 1));
  }

  /** Plain text has no elements (see Locator). */
  element(_offset?: number): string | undefined {
    return undefined;
  }

  /** A full span for the offsets [start, end). */
  span(start: number, end: number): Span {
    const a = this.position(start);
    // The end is one past the last character: place the last character, then step past it, so
    // a span ending with a line break stays on its own line (and never past the file's last).
    if (end <= start) return { start, end, line: a.line, column: a.column, endLine: a.line, endColumn: a.column };
    // Line breaks at the end belong to their line: the span ends after that line's last character.
    let lastChar = end - 1;
    while (lastChar > start && (this.text[lastChar] === "\n" || this.text[lastChar] === "\r")) lastChar--;
    const last = this.position(lastChar);
    const isBreak = this.text[lastChar] === "\n" || this.text[lastChar] === "\r";
    return { start, end, line: a.line, column: a.column, endLine: last.line, endColumn: isBreak ? last.column : last.column + 1 };
  }
}
