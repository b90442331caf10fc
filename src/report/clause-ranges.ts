import { LineIndex } from "../position/line-index.js";
import { textOffset } from "../position/locator.js";
import type { DocumentReport, Evidence, RuleResult } from "../types.js";

/** How a highlighted stretch of the agreement relates to the checks: `gap` is an error gap, `warning` one of severity warning or info. */
export type ClauseKind = "pass" | "gap" | "warning" | "waived" | "definition";

/** A quoted clause located in the document's text: [start, end) offsets from 0. */
export interface ClauseRange {
  start: number;
  end: number;
  /** Unique in the page: the anchor a finding links to. */
  id: string;
  kind: ClauseKind;
  result: RuleResult;
  evidence: Evidence;
}

/** Where a text cut out of its file (DocumentText.base) starts in the file: line and column from 1. */
export type TextBase = { line: number; column: number };

/** Longest stretch a truncated quote is extended by, to the end of its paragraph. */
const MAX_EXTENSION = 4000;

/**
 * Where a piece of evidence ends in the text its offset points into. For plain text, from its
 * end line and column (those of the file, which is the text). For extracted text (HTML,
 * .docx), whose lines are the file's, by walking the text along the quote (quotes collapse
 * whitespace; a definition's quote starts with the term); a quote cut short with "…" runs
 * on to the end of its paragraph.
 */
export function evidenceEnd(text: string, e: Evidence, format: DocumentReport["format"], lines?: LineIndex, base?: TextBase): number {
  if (format === "text" || format === "edgar-text") {
    const end = textOffset(lines ?? new LineIndex(text), e.endLine, e.endColumn, base);
    if (end > e.offset) return end;
  }
  let quote = e.text;
  if (e.term !== undefined && quote.startsWith(`"${e.term}": `)) quote = quote.slice(e.term.length + 4);
  const truncated = quote.endsWith("…");
  if (truncated) quote = quote.slice(0, -1);
  let i = e.offset;
  for (const ch of quote) {
    if (ch === " ") {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      continue;
    }
    while (i < text.length && /\s/.test(text[i] as string) && !text.startsWith(ch, i)) i++;
    if (!text.startsWith(ch, i)) break;
    i += ch.length;
  }
  if (truncated) {
    const rest = text.slice(i, i + MAX_EXTENSION);
    const paragraphEnd = rest.search(/\n[ \t]*\n/);
    i += paragraphEnd < 0 ? rest.length : paragraphEnd;
  }
  return Math.max(i, e.offset + 1);
}

/** What a result's quoted clause shows as: a definition is marked as such, whatever the result. */
function kindOf(r: RuleResult, e: Evidence): ClauseKind {
  if (e.role === "definition") return "definition";
  return r.status === "pass" ? "pass" : r.waived ? "waived" : r.severity === "error" ? "gap" : "warning";
}

/** The anchor id of a piece of evidence in the HTML page. */
export function clauseId(docIndex: number, ruleIndex: number, evidenceIndex: number): string {
  return `c${docIndex}-${ruleIndex}-${evidenceIndex}`;
}

/** Every quoted clause of a document, located in its text, in document order. */
export function clauseRanges(doc: DocumentReport, docIndex: number, text: string, base?: TextBase): ClauseRange[] {
  const lines = doc.format === "text" || doc.format === "edgar-text" ? new LineIndex(text) : undefined;
  const out: ClauseRange[] = [];
  doc.results.forEach((r, ri) => {
    r.evidence.forEach((e, ei) => {
      if (e.offset < 0 || e.offset >= text.length) return;
      const end = Math.min(text.length, evidenceEnd(text, e, doc.format, lines, base));
      out.push({ start: e.offset, end, id: clauseId(docIndex, ri, ei), kind: kindOf(r, e), result: r, evidence: e });
    });
  });
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A stretch of text with the ranges covering it (none for plain text) and those starting at its start. */
export interface Segment {
  start: number;
  end: number;
  covering: ClauseRange[];
  starting: ClauseRange[];
}

/** Cuts the text at every range boundary (and at the extra cuts given), so that overlapping clauses can each be marked. */
export function segments(textLength: number, ranges: ClauseRange[], extraCuts: Iterable<number> = []): Segment[] {
  const cuts = new Set<number>([0, textLength, ...extraCuts]);
  for (const r of ranges) cuts.add(r.start).add(r.end);
  const points = [...cuts].filter((p) => p >= 0 && p <= textLength).sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    out.push({ start, end, covering: ranges.filter((r) => r.start <= start && r.end >= end), starting: ranges.filter((r) => r.start === start) });
  }
  return out;
}
