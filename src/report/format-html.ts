import type { DocumentReport, Evidence, Report, RuleResult } from "../types.js";
import { type ClauseRange, clauseId, clauseRanges, segments } from "./clause-ranges.js";
import type { RuleDetails } from "./format-sarif.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";

/** Options for the HTML report. */
export interface HtmlOptions {
  /**
   * Each document's text (Source.text), to show the agreement with its clauses highlighted:
   * an array in the order of `report.documents`, or a map from file to text. A document
   * without a text is shown with its findings only.
   */
  texts?: (string | undefined)[] | Map<string, string>;
  /** The rules as loaded, for each rule's description; without them, titles only. */
  rules?: RuleDetails[];
}

/** Text for an HTML element or quoted attribute; control characters (form feeds in EDGAR text) become spaces. */
export function htmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** The anchor of a finding: one rule's result on one document. */
const findingId = (docIndex: number, ruleIndex: number) => `f${docIndex}-${ruleIndex}`;

/**
 * The report as one self-contained HTML page for a lawyer (no network, no other file: its
 * Content-Security-Policy forbids loading anything): the totals and a table of documents ×
 * checks at the top; then, per document, every finding with its explanation (a gap's reason,
 * why it matters, what was searched for and where such a clause usually stands) and the
 * agreement's text with each clause a rule recognised highlighted. A finding links to its
 * clause; it prints cleanly, one document per page.
 */
export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  const textOf = (doc: DocumentReport, i: number) => (Array.isArray(options.texts) ? options.texts[i] : options.texts?.get(doc.file));
  const details = new Map((options.rules ?? []).map((r) => [r.id, r]));
  const title = report.documents.length === 1 && report.errors.length === 0 ? `clausecheck: ${report.documents[0]?.file}` : "clausecheck report";
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<meta name="generator" content="clausecheck ${htmlText(report.tool.version)}">`,
    `<title>${htmlText(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    "</head>",
    "<body>",
    '<header class="top">',
    "<h1>clausecheck report</h1>",
    `<p class="totals" id="totals">${htmlText(totals(report))}</p>`,
    "</header>",
    "<main>",
    ...summary(report),
  ];
  report.documents.forEach((doc, i) => out.push(...documentSection(doc, i, textOf(doc, i), details)));
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
  if (r.status === "pass") return '<span class="mark-pass" title="met">✓</span>';
  if (r.waived) return '<span class="mark-waived" title="gap, waived">~</span>';
  return `<span class="mark-gap" title="${r.severity} gap: ${htmlText(r.reason ?? "")}">✗</span>`;
}

function summary(report: Report): string[] {
  const out = ['<section class="summary" id="summary">', "<h2>Summary</h2>"];
  if (report.documents.length) {
    out.push('<table class="summary">', "<thead><tr><th>Document</th>");
    for (const r of report.rules) out.push(`<th title="${htmlText(r.title)}">${htmlText(r.id)}</th>`);
    out.push("</tr></thead>", "<tbody>");
    report.documents.forEach((doc, i) => {
      const cells = report.rules.map((rule) => {
        const ri = doc.results.findIndex((x) => x.ruleId === rule.id);
        return `<td><a href="#${findingId(i, ri)}">${cellMark(doc.results[ri])}</a></td>`;
      });
      out.push(`<tr><td><a href="#d${i}">${htmlText(documentName(doc))}</a></td>${cells.join("")}</tr>`);
    });
    out.push("</tbody>", "</table>", '<p class="legend">✓ met · ✗ gap · ~ gap accepted by a waiver</p>');
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

function documentName(doc: DocumentReport): string {
  return doc.documentType && doc.format !== "text" ? `${doc.file} (${doc.documentType})` : doc.file;
}

/** Gaps first (open, then waived), then passes; each group in rule order. */
function findingOrder(doc: DocumentReport): number[] {
  const rank = (r: RuleResult) => (r.status === "pass" ? 2 : r.waived ? 1 : 0);
  return doc.results.map((_, i) => i).sort((a, b) => rank(doc.results[a] as RuleResult) - rank(doc.results[b] as RuleResult) || a - b);
}

function documentSection(doc: DocumentReport, di: number, text: string | undefined, details: Map<string, RuleDetails>): string[] {
  const s = doc.summary;
  const out = [
    `<section class="document" id="d${di}">`,
    `<h2>${htmlText(documentName(doc))}</h2>`,
    `<p class="totals">${s.passed} passed, ${plural(s.gaps, "gap")}${s.waived ? ` (${s.waived} waived)` : ""} · ${htmlText(doc.format)}, ${htmlText(doc.encoding)}</p>`,
    "<h3>Findings</h3>",
    '<ol class="findings">',
  ];
  const located = new Set(text === undefined ? [] : clauseRanges(doc, di, text).map((r) => r.id));
  for (const ri of findingOrder(doc)) out.push(finding(doc, di, ri, located, details));
  out.push("</ol>", "<h3>The agreement</h3>");
  if (text === undefined) out.push("<p>(The text of this document is not part of the report.)</p>");
  else {
    out.push(
      '<p class="legend no-print">Highlighted: <mark class="pass">a clause that meets a rule</mark> <mark class="gap">a clause with a gap</mark> <mark class="waived">a waived gap</mark> <mark class="definition">a definition a value was read from</mark>. Click a highlight to see its finding.</p>',
      `<pre class="agreement" id="t${di}">${highlighted(text, clauseRanges(doc, di, text), di)}</pre>`,
    );
  }
  out.push("</section>");
  return out;
}

function finding(doc: DocumentReport, di: number, ri: number, located: Set<string>, details: Map<string, RuleDetails>): string {
  const r = doc.results[ri] as RuleResult;
  const kind = r.status === "pass" ? "pass" : r.waived ? "waived" : "gap";
  const badge =
    kind === "pass"
      ? '<span class="badge pass-badge">met</span>'
      : `<span class="badge ${kind}-badge">${kind === "waived" ? "waived " : ""}${htmlText(r.severity)}: ${htmlText(r.reason ?? "gap")}</span>`;
  const parts = [
    `<li class="finding ${kind}" id="${findingId(di, ri)}" data-rule="${htmlText(r.ruleId)}">`,
    `<div class="head">${htmlText(r.title)} <code>${htmlText(r.ruleId)}</code>${badge}</div>`,
    `<p class="message">${htmlText(r.message)}</p>`,
  ];
  if (r.expected !== undefined) parts.push(`<p>Expected ${htmlText(r.expected)}; found ${htmlText(r.actual ?? "nothing")}.</p>`);
  if (r.evidence.length) {
    parts.push('<ul class="evidence">');
    r.evidence.forEach((e, ei) => parts.push(`<li>${evidenceLink(e, clauseId(di, ri, ei), located)} <q>${htmlText(shortQuote(e.text))}</q></li>`));
    parts.push("</ul>");
  }
  if (r.reason === "missing") {
    parts.push(`<p class="searched">Nothing in the agreement matched the ${plural(r.searched?.length ?? 0, "phrasing")} this rule looks for${r.searched?.length ? `: ${r.searched.map((p) => `<code>${htmlText(p)}</code>`).join(", ")}` : ""}.</p>`);
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

function shortQuote(text: string): string {
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

function evidenceLink(e: Evidence, id: string, located: Set<string>): string {
  const label = `${e.file}:${e.line}:${e.column}${e.section ? ` §${e.section}` : ""}${e.role === "definition" ? ` definition of "${e.term ?? ""}"` : ""}`;
  return located.has(id) ? `<a class="goto" href="#${id}">${htmlText(label)}</a>` : `<span class="goto">${htmlText(label)}</span>`;
}

const KIND_ORDER = { gap: 0, waived: 1, pass: 2, definition: 3 } as const;

/** The agreement's text with every located clause wrapped in <mark>, and an anchor where each starts. */
function highlighted(text: string, ranges: ClauseRange[], di: number): string {
  const out: string[] = [];
  for (const seg of segments(text.length, ranges)) {
    for (const r of seg.starting) out.push(`<span class="anchor" id="${r.id}"></span>`);
    const piece = htmlText(text.slice(seg.start, seg.end));
    if (seg.covering.length === 0) {
      out.push(piece);
      continue;
    }
    const main = [...seg.covering].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])[0] as ClauseRange;
    const ruleIndex = main.id.split("-")[1];
    const titles = [...new Set(seg.covering.map((r) => `${r.result.ruleId}: ${r.kind === "definition" ? "definition" : r.kind === "pass" ? "met" : `${r.result.severity} gap (${r.result.reason})`}`))];
    out.push(
      `<mark class="${main.kind}" data-clauses="${seg.covering.map((r) => r.id).join(" ")}" data-finding="${findingId(di, Number(ruleIndex))}" title="${htmlText(titles.join("; "))}">${piece}</mark>`,
    );
  }
  return out.join("");
}
