import type { DocumentReport } from "../types.js";
import { type ClauseRange, type TextBase, clauseRanges, segments } from "./clause-ranges.js";
import type { DocumentText } from "./document-text.js";
import { htmlText } from "./html-text.js";
import { type RuleCaptures, type Stretch, findPhrases, offendingPhrases } from "./offending-words.js";

/** The anchor of a finding: one rule's result on one document. */
export const findingId = (docIndex: number, ruleIndex: number) => `f${docIndex}-${ruleIndex}`;

const KIND_ORDER = { gap: 0, warning: 1, waived: 2, pass: 3, definition: 4 } as const;

/** The clauses a document's page highlights: every one, or with `gapsOnly` those of gaps (and the definitions they read). */
export function shownRanges(doc: DocumentReport, di: number, text: string, gapsOnly: boolean, base?: TextBase): ClauseRange[] {
  const ranges = clauseRanges(doc, di, text, base);
  return gapsOnly ? ranges.filter((r) => r.result.status === "gap") : ranges;
}

/** The words each gap's clause is about, located in the text: emphasised inside its highlight. */
function offendingStretches(text: string, ranges: ClauseRange[], rules: Map<string, RuleCaptures>): Stretch[] {
  const out: Stretch[] = [];
  for (const r of ranges) {
    if (r.result.status !== "gap") continue;
    const clause = text.slice(r.start, r.end);
    const phrases = offendingPhrases(r.result, clause, rules.get(r.result.ruleId), r.evidence.role);
    for (const f of findPhrases(clause, phrases)) out.push({ start: r.start + f.start, end: r.start + f.end });
  }
  return out;
}

/**
 * The agreement's text as HTML: one block per line, numbered as the file counts it (its line,
 * or a Word document's paragraph), so that `22:56` is found on screen and on paper; every
 * located clause wrapped in <mark> (cut at line ends), with an anchor where each starts, and
 * the words a gap is about emphasised inside it.
 */
export function agreementHtml(shown: DocumentText, ranges: ClauseRange[], di: number, rules: Map<string, RuleCaptures>): string {
  const text = shown.text;
  const offending = offendingStretches(text, ranges, rules);
  const cuts: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) cuts.push(i, i + 1);
  for (const o of offending) cuts.push(o.start, o.end);
  let line = 0;
  const label = (i: number) => (shown.lineNumbers ? (shown.lineNumbers[i] ?? 0) || "" : i + 1);
  const open = (i: number) => `<span class="ln" data-n="${label(i)}">`;
  const out: string[] = [open(0)];
  for (const seg of segments(text.length, ranges, cuts)) {
    for (const r of seg.starting) out.push(`<span class="anchor" id="${r.id}"></span>`);
    if (text[seg.start] === "\n") {
      line++;
      out.push(`</span>${open(line)}`);
      continue;
    }
    let piece = htmlText(text.slice(seg.start, seg.end).replace(/\r/g, ""));
    if (piece === "") continue;
    if (offending.some((o) => o.start <= seg.start && seg.end <= o.end)) piece = `<em class="offending">${piece}</em>`;
    if (seg.covering.length === 0) {
      out.push(piece);
      continue;
    }
    const main = [...seg.covering].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])[0] as ClauseRange;
    const ruleIndex = Number(main.id.split("-")[1]);
    const titles = [...new Set(seg.covering.map((r) => `${r.result.title}: ${r.kind === "definition" ? "definition" : r.kind === "pass" ? "met" : `${r.result.severity} gap (${r.result.reason})`}`))];
    out.push(
      `<mark class="${main.kind}" data-clauses="${seg.covering.map((r) => r.id).join(" ")}" data-finding="${findingId(di, ruleIndex)}" title="${htmlText(titles.join("; "))}">${piece}</mark>`,
    );
  }
  out.push("</span>");
  const widest = shown.lineNumbers ? shown.lineNumbers.reduce((a, b) => Math.max(a, b), 1) : line + 1;
  // The width of the line numbers as a class, not a style attribute: a page with a strict CSP
  // (the review desk's style-src 'self') would refuse an inline style.
  return `<pre class="agreement digits-${Math.min(String(widest).length, 9)}" id="t${di}">${out.join("")}</pre>`;
}
