import pc from "picocolors";
import { colorSupported } from "./colors.js";
import { match } from "ts-pattern";
import type { Evidence, Report, RuleResult, Severity } from "../types.js";
import { visibleReport } from "./visible-text.js";

/** Options for the text report. */
export interface TextOptions {
  /** Use colours (default: picocolors' own detection of a colour terminal). */
  color?: boolean;
}

const QUOTE_LENGTH = 220;

/**
 * The report for people: per document, each rule with ✓ or ✗, its message and quoted evidence.
 * Control characters from the agreement or a file name are shown visibly (ESC as ␛), never
 * sent to the terminal.
 */
export function formatText(given: Report, options: TextOptions = {}): string {
  const report = visibleReport(given);
  const c = pc.createColors(options.color ?? colorSupported());
  const out: string[] = [];
  const width = Math.max(...report.rules.map((r) => r.id.length), 10);
  for (const doc of report.documents) {
    const s = doc.summary;
    const counts = `${s.passed} passed, ${s.gaps} gap${s.gaps === 1 ? "" : "s"}`;
    const which = doc.documentType && doc.format !== "text" ? ` (${doc.documentType})` : "";
    out.push(`${c.bold(doc.file)}${which}  ${s.gaps ? c.red(counts) : c.green(counts)}`);
    for (const r of doc.results) {
      const mark = r.status === "pass" ? c.green("✓") : r.waived ? c.dim("~") : r.severity === "error" ? c.red("✗") : c.yellow("!");
      const sev = r.status === "gap" ? `${r.waived ? c.dim("waived") : severityWord(r.severity, c)} ` : "";
      out.push(`  ${mark} ${r.ruleId.padEnd(width)}  ${sev}${r.message}`);
      for (const line of details(r, c)) out.push(`      ${line}`);
    }
    out.push("");
  }
  for (const e of report.errors) out.push(`${c.red("error")} ${e.file}: ${e.message}`);
  for (const w of report.unusedWaivers) {
    out.push(`${c.yellow("warning")} the waiver of ${w.rule} for ${w.document} (${w.source}) matched no gap: remove it, or check the document path`);
  }
  const t = report.summary;
  if (report.documents.length + report.errors.length > 1) {
    out.push("", ...summaryTable(report, c));
    out.push(
      `${t.documents} document${t.documents === 1 ? "" : "s"} checked: ${t.passed} passed, ${t.gaps} gap${t.gaps === 1 ? "" : "s"} (${t.errors} error${t.errors === 1 ? "" : "s"}, ${t.warnings} warning${t.warnings === 1 ? "" : "s"}${t.waived ? `, ${t.waived} waived` : ""})${t.unreadable ? `, ${t.unreadable} unreadable` : ""}`,
    );
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

/** One row per document: passed and gap counts, the checks with open gaps; unreadable documents last. */
function summaryTable(report: Report, c: ReturnType<typeof pc.createColors>): string[] {
  const out = [c.bold("Summary"), `  ${"passed".padStart(6)}  ${"gaps".padStart(4)}  document`];
  for (const doc of report.documents) {
    const s = doc.summary;
    const open = doc.results.filter((r) => r.status === "gap" && !r.waived).map((r) => r.ruleId);
    const waived = doc.results.filter((r) => r.waived).map((r) => `~${r.ruleId}`);
    const which = [...open, ...waived].join(", ");
    const gaps = String(s.gaps).padStart(4);
    const name = doc.documentType && doc.format !== "text" ? `${doc.file} (${doc.documentType})` : doc.file;
    out.push(`  ${String(s.passed).padStart(6)}  ${open.length ? c.red(gaps) : gaps}  ${name}${which ? c.dim(`  (${which})`) : ""}`);
  }
  for (const e of report.errors) out.push(`  ${"-".padStart(6)}  ${"-".padStart(4)}  ${e.file}  ${c.red(`unreadable: ${e.message}`)}`);
  return out;
}

function severityWord(s: Severity, c: ReturnType<typeof pc.createColors>): string {
  return match(s)
    .with("error", () => c.red("error"))
    .with("warning", () => c.yellow("warning"))
    .with("info", () => c.blue("info"))
    .exhaustive();
}

function details(r: RuleResult, c: ReturnType<typeof pc.createColors>): string[] {
  const lines = r.evidence.map((e) => evidenceLine(e, c));
  if (r.waived) {
    lines.unshift(c.dim(`waived: ${r.waived.reason}${r.waived.approvedBy ? ` (approved by ${r.waived.approvedBy})` : ""} [${r.waived.source}]`));
  }
  if (r.status === "gap" && r.expected !== undefined) lines.push(c.dim(`expected ${r.expected}, found ${r.actual}`));
  if (r.searched) lines.push(c.dim(`searched for: ${r.searched.map((p) => `/${p}/`).join(", ").slice(0, 300)}`));
  if (r.usualPlace) lines.push(c.dim(`usually: ${r.usualPlace}`));
  return lines;
}

function evidenceLine(e: Evidence, c: ReturnType<typeof pc.createColors>): string {
  const quote = e.text.length > QUOTE_LENGTH ? `${e.text.slice(0, QUOTE_LENGTH - 1)}…` : e.text;
  const where = `${e.file}:${e.line}:${e.column}`;
  const section = e.section ? `§${e.section}  ` : "";
  const label = e.role === "definition" ? "definition " : "";
  return `${c.cyan(where)}  ${section}${label}${c.dim(`"${quote}"`)}`;
}
