import { locatorFor } from "../position/locator.js";
import type { Source } from "../types.js";

/**
 * A document's text as the HTML report shows it, with the number a reader looks for beside
 * each line: the line of the file (`22` of `22:56`), or for a Word document the paragraph.
 */
export interface DocumentText {
  /** Source.text: the offsets of the report's evidence point into it. */
  text: string;
  /**
   * For extracted text (HTML, .docx): `lineNumbers[i]` is the line of the file, or the
   * paragraph of the Word document, counted from 1, where line `i` (from 0) of `text` starts;
   * 0 for a blank line. Absent when the text is the file's own: line `i` is line `i + 1`.
   */
  lineNumbers?: number[];
  /** What the numbers count (default `line`). */
  lineKind?: "line" | "paragraph";
  /**
   * For one exhibit of a full EDGAR submission (Source.base): the line and column of the file
   * where `text` starts, so that the evidence's lines and columns (the file's) can be found in it.
   */
  base?: { line: number; column: number };
}

/** A document's text with the file line (or paragraph) of each of its lines, for the HTML report. */
export function documentText(source: Source): DocumentText {
  const base = source.base ? { line: source.base.line, column: source.base.column } : undefined;
  if (!source.map) {
    if (!base) return { text: source.text };
    // The exhibit's own text: each line numbered as the file counts it.
    const locator = locatorFor(source);
    const lineNumbers: number[] = [];
    let start = 0;
    for (const line of source.text.split("\n")) {
      lineNumbers.push(locator.position(start).line);
      start += line.length + 1;
    }
    return { text: source.text, lineNumbers, lineKind: "line", base };
  }
  const locator = locatorFor(source);
  const lineNumbers: number[] = [];
  let start = 0;
  for (const line of source.text.split("\n")) {
    const first = line.search(/\S/);
    lineNumbers.push(first < 0 ? 0 : locator.position(start + first).line);
    start += line.length + 1;
  }
  return base ? { text: source.text, lineNumbers, lineKind: source.map.lines, base } : { text: source.text, lineNumbers, lineKind: source.map.lines };
}
