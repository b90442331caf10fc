import type { DocumentReport, Evidence, Report, RuleResult } from "../types.js";
import type { RuleDetails } from "./format-sarif.js";
import { type RuleCaptures, findPhrases, offendingPhrases } from "./offending-words.js";
import { definitionText, shortQuote } from "./quote.js";
import { visibleReport } from "./visible-text.js";
import { plural } from "../plural.js";

/** Options for the Markdown report. */
export interface MarkdownOptions {
  /** The rules as loaded: their titles head the table, and a missing clause says what was looked for. */
  rules?: (RuleDetails & Partial<RuleCaptures>)[];
  /** Only the gaps: the table lists only the documents with a gap. */
  gapsOnly?: boolean;
}

/** Longest quote shown; longer ones end with "…". */
const QUOTE_LENGTH = 300;

/** Inline Markdown (GitHub-flavoured) that shows `s` as written: no emphasis, links, HTML or table breaks. */
export function markdownText(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^([#+-]|\d+[.)])/, (m) => m.replace(/([#+\-.)])$/, "\\$1"));
}

/** A file name or location as inline code, falling back to escaped text when it holds a backtick. */
function code(s: string): string {
  // A line break would end a table row or a heading: inline code keeps to one line.
  const line = s.replace(/\s+/g, " ");
  return line.includes("`") ? markdownText(line) : `\`${line.replace(/\|/g, "\\|")}\``;
}


/** ✓ met, ✗ an error gap, ⚠ a warning (or info) gap, ~ a gap a waiver accepts. */
export function resultMark(r: RuleResult): "✓" | "✗" | "⚠" | "~" {
  if (r.status === "pass") return "✓";
  if (r.waived) return "~";
  return r.severity === "error" ? "✗" : "⚠";
}

/** The key under a table of marks. */
export const MARK_LEGEND = "✓ met · ✗ gap · ⚠ warning · ~ gap accepted by a waiver";

/**
 * The report as Markdown for a pull request or a memo: a table of documents × checks
 * (✓ met, ✗ gap, ⚠ warning, ~ waived), then for each document its gaps with the quoted clause
 * and its `file:line:column`, or what was looked for and where such a clause usually stands.
 */
export function formatMarkdown(given: Report, options: MarkdownOptions = {}): string {
  // Control characters shown visibly; file names kept to one line (a table row, a heading).
  const report = visibleReport(given);
  const details = new Map((options.rules ?? []).map((r) => [r.id, r]));
  const out: string[] = [];
  const t = report.summary;
  const counts = `${plural(t.documents, "document")}: ${t.passed} passed, ${plural(t.gaps, "gap")} (${plural(t.errors, "error")}, ${plural(t.warnings, "warning")}${t.waived ? `, ${t.waived} waived` : ""})${t.unreadable ? `, ${t.unreadable} unreadable` : ""}`;
  out.push("## clausecheck report", "", counts, "");
  const ids = report.rules.map((r) => r.id);
  const rows = options.gapsOnly ? report.documents.filter((d) => d.summary.gaps > 0) : report.documents;
  if (rows.length) {
    const heads = report.rules.map((r) => markdownText(r.title));
    out.push(`| Document | ${heads.join(" | ")} |`, `|---|${ids.map(() => ":-:").join("|")}|`);
    for (const doc of rows) {
      const cells = ids.map((id) => {
        const r = doc.results.find((x) => x.ruleId === id);
        return r ? resultMark(r) : "–";
      });
      out.push(`| ${code(documentName(doc))} | ${cells.join(" | ")} |`);
    }
    out.push("", MARK_LEGEND, "");
  }
  for (const doc of report.documents) {
    const gaps = doc.results.filter((r) => r.status === "gap");
    if (gaps.length === 0) continue;
    out.push(`### ${code(documentName(doc))}`, "", `${doc.summary.passed} passed, ${plural(doc.summary.gaps, "gap")}`, "");
    for (const r of gaps) out.push(...gapItem(doc, r, details.get(r.ruleId)), "");
  }
  if (report.errors.length) {
    out.push("### Could not be read", "");
    for (const e of report.errors) out.push(`- ${code(e.file)}: ${markdownText(e.message)} (\`${e.code}\`)`);
    out.push("");
  }
  if (report.unusedWaivers.length) {
    out.push("### Waivers that matched no gap", "");
    for (const w of report.unusedWaivers) out.push(`- ${code(w.rule)} for ${code(w.document)} (${code(w.source)}): ${markdownText(w.reason)}`);
    out.push("");
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

function documentName(doc: DocumentReport): string {
  return doc.documentType && doc.format !== "text" ? `${doc.file} (${doc.documentType})` : doc.file;
}

/** A quote cut at a readable length (for a gap's clause, around the words the gap is about), the words emphasised. */
function quote(r: RuleResult, e: Evidence, rule: (RuleDetails & Partial<RuleCaptures>) | undefined): string {
  const full = definitionText(e);
  const phrases = offendingPhrases(r, full, rule, e.role);
  const text = shortQuote(full, QUOTE_LENGTH, findPhrases(full, phrases)[0]);
  let out = "";
  let at = 0;
  for (const f of findPhrases(text, phrases)) {
    out += `${markdownText(text.slice(at, f.start))}**${markdownText(text.slice(f.start, f.end))}**`;
    at = f.end;
  }
  return out + markdownText(text.slice(at));
}

function gapItem(doc: DocumentReport, r: RuleResult, rule: (RuleDetails & Partial<RuleCaptures>) | undefined): string[] {
  const label = r.waived ? "waived" : r.severity;
  const out = [`- ${resultMark(r)} **${markdownText(r.title)}** (${code(r.ruleId)}) · ${label} · ${r.reason ?? "gap"}: ${markdownText(r.message)}`];
  for (const e of r.evidence) {
    const where = `${e.file}:${e.line}:${e.column}`;
    const what = e.role === "definition" ? ` definition of “${markdownText(e.term ?? "")}”` : "";
    out.push("", `  ${code(where)}${e.section ? ` §${markdownText(e.section)}` : ""}${what}`, "", `  > ${quote(r, e, rule)}`);
  }
  if (r.expected !== undefined) out.push("", `  Expected ${markdownText(r.expected)}, found ${markdownText(r.actual ?? "nothing")}.`);
  if (r.reason === "missing") {
    const description = rule?.description ? ` Looked for: ${markdownText(rule.description.trim())}` : "";
    const n = r.searched?.length ?? 0;
    const searched = n ? ` (${plural(n, "phrasing")}; \`clausecheck explain ${doc.file.replace(/`/g, "")} --rule ${r.ruleId}\` lists them)` : "";
    out.push("", `  Nothing in ${code(doc.file)} matched${searched}.${description}`);
    if (r.usualPlace) out.push("", `  Where such a clause usually stands: ${markdownText(r.usualPlace.trim())}`);
  }
  if (r.waived) {
    const by = r.waived.approvedBy ? ` (approved by ${markdownText(r.waived.approvedBy)})` : "";
    out.push("", `  Waived: ${markdownText(r.waived.reason)}${by}, ${code(r.waived.source)}.`);
  }
  return out;
}
