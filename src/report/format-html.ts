import { match } from "ts-pattern";
import type { DocumentReport, Evidence, Report, RuleResult } from "../types.js";
import { clauseId, clauseRanges } from "./clause-ranges.js";
import type { DocumentText } from "./document-text.js";
import type { RuleDetails } from "./format-sarif.js";
import { HTML_SCRIPT, HTML_STYLE, htmlHead } from "./html-assets.js";
import { agreementHtml, findingId, shownRanges } from "./html-agreement.js";
import { htmlText } from "./html-text.js";
import { type RuleCaptures, findPhrases, offendingPhrases } from "./offending-words.js";
import { definitionText, innerQuotes, shortQuote } from "./quote.js";
import { plural } from "../plural.js";

export { htmlText } from "./html-text.js";

/** Options for the HTML report. */
export interface HtmlOptions {
  /**
   * Each document's text (Source.text, or a DocumentText that also numbers its lines as the
   * file does: `documentText(source)`), to show the agreement with its clauses highlighted: an
   * array in the order of `report.documents`, or a map from file to text. A document without a
   * text is shown with its findings only.
   */
  texts?: (string | DocumentText | undefined)[] | Map<string, string | DocumentText>;
  /**
   * The rules as loaded, for each rule's description (what a missing clause was looked for as)
   * and, when they have them, their captures (to emphasise the words a deviating value was
   * read from); without them, titles only.
   */
  rules?: (RuleDetails & Partial<RuleCaptures>)[];
  /** Only the gaps: passing checks, their highlights and the documents without a gap are left out. */
  gapsOnly?: boolean;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** How a finding shows: met, an error gap, a warning (or info) gap, or a gap a waiver accepts. */
type FindingKind = "pass" | "gap" | "warning" | "waived";

function kindOf(r: RuleResult): FindingKind {
  if (r.status === "pass") return "pass";
  if (r.waived) return "waived";
  return r.severity === "error" ? "gap" : "warning";
}

/**
 * The report as one self-contained HTML page for a lawyer (no network, no other file: its
 * Content-Security-Policy forbids loading anything): the totals and a table of documents ×
 * checks at the top; then, per document, every finding with its explanation (a gap's reason,
 * why it matters, what was looked for and where such a clause usually stands) and the
 * agreement's text, its lines numbered as the file counts them, with each clause a rule
 * recognised highlighted and the words a gap is about emphasised. A finding links to its
 * clause; it reads at phone width, and prints with its colour key, each document from a new
 * page.
 */
export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  const textOf = (doc: DocumentReport, i: number) => {
    const t = Array.isArray(options.texts) ? options.texts[i] : options.texts?.get(doc.file);
    return typeof t === "string" ? { text: t } : t;
  };
  const details = new Map((options.rules ?? []).map((r) => [r.id, r]));
  const gapsOnly = options.gapsOnly ?? false;
  const title = report.documents.length === 1 && report.errors.length === 0 ? `clausecheck: ${report.documents[0]?.file}` : "clausecheck report";
  const out: string[] = [
    ...htmlHead({ title, version: report.tool.version, style: HTML_STYLE, script: true }),
    '<header class="top">',
    "<h1>clausecheck report</h1>",
    `<p class="totals" id="totals">${htmlText(totals(report))}</p>`,
    "</header>",
    "<main>",
    ...summary(report, gapsOnly),
  ];
  report.documents.forEach((doc, i) => {
    if (gapsOnly && doc.summary.gaps === 0) return;
    out.push(...documentSection(doc, i, textOf(doc, i), details, gapsOnly));
  });
  out.push("</main>", `<script>${HTML_SCRIPT}</script>`, "</body>", "</html>");
  return `${out.join("\n")}\n`;
}

function totals(report: Report): string {
  const t = report.summary;
  const gaps = `${plural(t.gaps, "gap")} (${plural(t.errors, "error")}, ${plural(t.warnings, "warning")}${t.waived ? `, ${t.waived} waived` : ""})`;
  return `${plural(t.documents, "document")} checked against ${plural(report.rules.length, "rule")}: ${t.passed} passed, ${gaps}${t.unreadable ? `, ${t.unreadable} unreadable` : ""}.`;
}

function cellMark(r: RuleResult | undefined): string {
  if (!r) return "–";
  return {
    pass: '<span class="mark-pass" title="met">✓</span>',
    waived: '<span class="mark-waived" title="gap, waived">~</span>',
    gap: `<span class="mark-gap" title="error: ${htmlText(r.reason ?? "gap")}">✗</span>`,
    warning: `<span class="mark-warning" title="${htmlText(r.severity)}: ${htmlText(r.reason ?? "gap")}">⚠</span>`,
  }[kindOf(r)];
}

/** The key to the marks of the summary table. */
const MARK_LEGEND = '<p class="legend">✓ met · <span class="mark-gap">✗</span> gap · <span class="mark-warning">⚠</span> warning · ~ gap accepted by a waiver</p>';

function summary(report: Report, gapsOnly: boolean): string[] {
  const out = ['<section class="summary" id="summary">', "<h2>Summary</h2>"];
  const rows = report.documents.map((doc, i) => ({ doc, i })).filter(({ doc }) => !gapsOnly || doc.summary.gaps > 0);
  if (rows.length) {
    // Rule titles head the columns; at phone width each row becomes a card whose cells are
    // labelled with them (data-label).
    out.push('<table class="summary">', '<thead><tr><th scope="col">Document</th>');
    for (const r of report.rules) out.push(`<th scope="col" title="${htmlText(r.id)}">${htmlText(r.title)}</th>`);
    out.push("</tr></thead>", "<tbody>");
    for (const { doc, i } of rows) {
      const cells = report.rules.map((rule) => {
        const ri = doc.results.findIndex((x) => x.ruleId === rule.id);
        const r = doc.results[ri];
        // With gapsOnly a passing check has no finding on the page to link to.
        const linked = r && !(gapsOnly && r.status === "pass");
        return `<td data-label="${htmlText(rule.title)}">${linked ? `<a href="#${findingId(i, ri)}">${cellMark(r)}</a>` : cellMark(r)}</td>`;
      });
      out.push(`<tr><th scope="row"><a href="#d${i}">${htmlText(documentName(doc))}</a></th>${cells.join("")}</tr>`);
    }
    out.push("</tbody>", "</table>", MARK_LEGEND);
  } else if (gapsOnly && report.documents.length) {
    out.push(`<p>No gaps in ${plural(report.documents.length, "document")}.</p>`);
  }
  if (report.errors.length) {
    out.push("<h3>Could not be read</h3>", '<ul class="unreadable">');
    for (const e of report.errors) out.push(`<li>${htmlText(e.file)}: ${htmlText(e.message)} (${htmlText(e.code)})</li>`);
    out.push("</ul>");
  }
  if (report.unusedWaivers.length) {
    out.push("<h3>Waivers that matched no gap</h3>", "<ul>");
    for (const w of report.unusedWaivers) out.push(`<li>${htmlText(w.rule)} for ${htmlText(w.document)} (${htmlText(w.source)}): ${htmlText(w.reason)}</li>`);
    out.push("</ul>");
  }
  out.push("</section>");
  return out;
}

/** What kind of file the document was, as a reader names it. */
function formatName(format: DocumentReport["format"]): string {
  return match(format)
    .with("text", () => "plain text")
    .with("edgar-text", () => "EDGAR text")
    .with("html", () => "HTML")
    .with("docx", () => "Word document")
    .exhaustive();
}

function documentName(doc: DocumentReport): string {
  return doc.documentType && doc.format !== "text" ? `${doc.file} (${doc.documentType})` : doc.file;
}

/** Gaps first (errors, then warnings, then waived), then passes; each group in rule order. */
function findingOrder(doc: DocumentReport): number[] {
  const rank = { gap: 0, warning: 1, waived: 2, pass: 3 };
  return doc.results.map((_, i) => i).sort((a, b) => rank[kindOf(doc.results[a] as RuleResult)] - rank[kindOf(doc.results[b] as RuleResult)] || a - b);
}

/** The colour key of the agreement's highlights, printed with it. */
const HIGHLIGHT_LEGEND =
  '<mark class="gap">a clause with a gap</mark> <mark class="warning">a warning</mark> <mark class="pass">a clause that meets a rule</mark> <mark class="waived">a waived gap</mark> <mark class="definition">a definition a value was read from</mark> <em class="offending">the words a gap is about</em>';

function documentSection(doc: DocumentReport, di: number, shown: DocumentText | undefined, details: Map<string, RuleDetails & Partial<RuleCaptures>>, gapsOnly: boolean): string[] {
  const s = doc.summary;
  const out = [
    `<section class="document" id="d${di}">`,
    `<h2>${htmlText(documentName(doc))}</h2>`,
    `<p class="totals">${s.passed} passed, ${plural(s.gaps, "gap")}${s.waived ? ` (${s.waived} waived)` : ""} · ${formatName(doc.format)}, ${doc.encoding.toUpperCase()}</p>`,
    "<h3>Findings</h3>",
    '<ol class="findings">',
  ];
  const located = new Set(shown === undefined ? [] : clauseRanges(doc, di, shown.text, shown.base).map((r) => r.id));
  for (const ri of findingOrder(doc)) {
    if (gapsOnly && doc.results[ri]?.status === "pass") continue;
    out.push(finding(doc, di, ri, located, details));
  }
  out.push("</ol>", "<h3>The agreement</h3>");
  if (shown === undefined) out.push("<p>(The text of this document is not part of the report.)</p>");
  else {
    const counts = shown.lineKind === "paragraph" ? "paragraph of the Word document (a location such as 18:1 is paragraph 18, character 1)" : "line of the file (a location such as 22:56 is line 22, column 56)";
    out.push(
      `<p class="legend">Highlighted: ${HIGHLIGHT_LEGEND}. The number before each line is its ${counts}.<span class="no-print"> Click a highlight to see its finding.</span></p>`,
      agreementHtml(shown, shownRanges(doc, di, shown.text, gapsOnly, shown.base), di, details),
    );
  }
  out.push("</section>");
  return out;
}

function finding(doc: DocumentReport, di: number, ri: number, located: Set<string>, details: Map<string, RuleDetails & Partial<RuleCaptures>>): string {
  const r = doc.results[ri] as RuleResult;
  const kind = kindOf(r);
  const badge = kind === "pass" ? '<span class="badge pass-badge">met</span>' : `<span class="badge ${kind}-badge">${kind === "waived" ? "waived " : ""}${htmlText(r.severity)}: ${htmlText(r.reason ?? "gap")}</span>`;
  const mark = { pass: "✓", gap: "✗", warning: "⚠", waived: "~" }[kind];
  const parts = [
    `<li class="finding ${kind}" id="${findingId(di, ri)}" data-rule="${htmlText(r.ruleId)}">`,
    `<div class="head"><span class="mark" aria-hidden="true">${mark}</span> ${htmlText(r.title)} <code>${htmlText(r.ruleId)}</code>${badge}</div>`,
    `<p class="message">${htmlText(r.message)}</p>`,
  ];
  if (r.expected !== undefined) parts.push(`<p>Expected ${htmlText(r.expected)}; found ${htmlText(r.actual ?? "nothing")}.</p>`);
  if (r.evidence.length) {
    parts.push('<ul class="evidence">');
    r.evidence.forEach((e, ei) => {
      const phrases = offendingPhrases(r, definitionText(e), details.get(r.ruleId), e.role);
      parts.push(`<li>${evidenceLink(e, clauseId(di, ri, ei), located)} <q>${quoteHtml(e, phrases)}</q></li>`);
    });
    parts.push("</ul>");
  }
  if (r.reason === "missing") {
    const description = details.get(r.ruleId)?.description;
    if (description) parts.push(`<p class="looked-for">Looked for: ${htmlText(oneLine(description))}</p>`);
    const n = r.searched?.length ?? 0;
    const explain = `clausecheck explain ${doc.file} --rule ${r.ruleId}`;
    parts.push(`<p class="searched">Nothing in the agreement matched${n ? ` the ${plural(n, "phrasing")} this rule searches for (<code>${htmlText(explain)}</code> lists them)` : ""}.</p>`);
    const usually = r.usualPlace ?? details.get(r.ruleId)?.usually;
    if (usually) parts.push(`<p class="where-usually">Where such a clause usually stands: ${htmlText(oneLine(usually))}</p>`);
  }
  if (r.status === "gap" && r.note) parts.push(`<p class="why">Why it matters: ${htmlText(oneLine(r.note))}</p>`);
  if (r.status === "pass" && details.get(r.ruleId)?.description) parts.push(`<p class="why">${htmlText(oneLine(details.get(r.ruleId)?.description ?? ""))}</p>`);
  if (r.waived) {
    const by = r.waived.approvedBy ? `, approved by ${htmlText(r.waived.approvedBy)}` : "";
    parts.push(`<p class="waiver">Waived: ${htmlText(r.waived.reason)}${by} (${htmlText(r.waived.source)})</p>`);
  }
  parts.push("</li>");
  return parts.join("\n");
}

/** A quote, cut at a readable length (around the words a gap is about), its own quotation marks nested, those words emphasised. */
function quoteHtml(e: Evidence, phrases: string[]): string {
  const full = definitionText(e);
  const text = innerQuotes(shortQuote(full, 240, findPhrases(full, phrases)[0]));
  const out: string[] = [];
  let at = 0;
  for (const f of findPhrases(text, phrases.map(innerQuotes))) {
    out.push(htmlText(text.slice(at, f.start)), `<em class="offending">${htmlText(text.slice(f.start, f.end))}</em>`);
    at = f.end;
  }
  out.push(htmlText(text.slice(at)));
  return out.join("");
}

function evidenceLink(e: Evidence, id: string, located: Set<string>): string {
  const label = `${e.file}:${e.line}:${e.column}${e.section ? ` §${e.section}` : ""}${e.role === "definition" ? ` definition of “${e.term ?? ""}”` : ""}`;
  return located.has(id) ? `<a class="goto" href="#${id}">${htmlText(label)}</a>` : `<span class="goto">${htmlText(label)}</span>`;
}
