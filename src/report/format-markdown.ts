import type { DocumentReport, Evidence, Report, RuleResult } from "../types.js";
import { visibleReport } from "./visible-text.js";

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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** ✓ met, ✗ a gap, ~ a gap a waiver accepts. */
export function resultMark(r: RuleResult): "✓" | "✗" | "~" {
  return r.status === "pass" ? "✓" : r.waived ? "~" : "✗";
}

/**
 * The report as Markdown for a pull request or a memo: a table of documents × checks
 * (✓ met, ✗ gap, ~ waived), then for each document its gaps with the quoted clause and its
 * `file:line:column`, or what was searched for and where such a clause usually stands.
 */
export function formatMarkdown(given: Report): string {
  // Control characters shown visibly; file names kept to one line (a table row, a heading).
  const report = visibleReport(given);
  const out: string[] = [];
  const t = report.summary;
  const counts = `${plural(t.documents, "document")}: ${t.passed} passed, ${plural(t.gaps, "gap")} (${plural(t.errors, "error")}, ${plural(t.warnings, "warning")}${t.waived ? `, ${t.waived} waived` : ""})${t.unreadable ? `, ${t.unreadable} unreadable` : ""}`;
  out.push("## clausecheck report", "", counts, "");
  const ids = report.rules.map((r) => r.id);
  if (report.documents.length) {
    out.push(`| Document | ${ids.map(code).join(" | ")} |`, `|---|${ids.map(() => ":-:").join("|")}|`);
    for (const doc of report.documents) {
      const cells = ids.map((id) => {
        const r = doc.results.find((x) => x.ruleId === id);
        return r ? resultMark(r) : "–";
      });
      out.push(`| ${code(documentName(doc))} | ${cells.join(" | ")} |`);
    }
    out.push("", "✓ met · ✗ gap · ~ gap accepted by a waiver", "");
  }
  for (const doc of report.documents) {
    const gaps = doc.results.filter((r) => r.status === "gap");
    if (gaps.length === 0) continue;
    out.push(`### ${code(documentName(doc))}`, "", `${doc.summary.passed} passed, ${plural(doc.summary.gaps, "gap")}`, "");
    for (const r of gaps) out.push(...gapItem(doc, r), "");
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

function quote(e: Evidence): string {
  const text = e.text.length > QUOTE_LENGTH ? `${e.text.slice(0, QUOTE_LENGTH - 1)}…` : e.text;
  return markdownText(text);
}

function gapItem(doc: DocumentReport, r: RuleResult): string[] {
  const label = r.waived ? "waived" : r.severity;
  const out = [`- ${resultMark(r)} **${markdownText(r.ruleId)}** · ${label} · ${r.reason ?? "gap"}: ${markdownText(r.message)}`];
  for (const e of r.evidence) {
    const where = `${e.file}:${e.line}:${e.column}`;
    const what = e.role === "definition" ? ` definition of “${markdownText(e.term ?? "")}”` : "";
    out.push("", `  ${code(where)}${e.section ? ` §${markdownText(e.section)}` : ""}${what}`, "", `  > ${quote(e)}`);
  }
  if (r.expected !== undefined) out.push("", `  Expected ${markdownText(r.expected)}, found ${markdownText(r.actual ?? "nothing")}.`);
  if (r.reason === "missing") {
    const searched = r.searched ? ` (searched for ${plural(r.searched.length, "phrasing")})` : "";
    const usually = r.usualPlace ? ` Such a clause usually stands: ${markdownText(r.usualPlace.trim())}` : "";
    out.push("", `  Nothing in ${code(doc.file)} matched${searched}.${usually}`);
  }
  if (r.waived) {
    const by = r.waived.approvedBy ? ` (approved by ${markdownText(r.waived.approvedBy)})` : "";
    out.push("", `  Waived: ${markdownText(r.waived.reason)}${by}, ${code(r.waived.source)}.`);
  }
  return out;
}
