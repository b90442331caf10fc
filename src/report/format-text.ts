import pc from "picocolors";
import { colorSupported } from "./colors.js";
import { match } from "ts-pattern";
import type { DocumentReport, Evidence, Report, RuleResult, Severity } from "../types.js";
import type { RuleDetails } from "./format-sarif.js";
import { type RuleCaptures, findPhrases, offendingPhrases } from "./offending-words.js";
import { definitionText, innerQuotes, shortQuote } from "./quote.js";
import { visibleReport } from "./visible-text.js";
import { plural } from "../plural.js";

/** Options for the text report. */
export interface TextOptions {
  /** Use colours (default: picocolors' own detection of a colour terminal). */
  color?: boolean;
  /**
   * The rules as loaded: a missing clause then says what was looked for, in the rule's words,
   * and (with their captures) a gap's quote shows the words it is about.
   */
  rules?: (RuleDetails & Partial<RuleCaptures>)[];
  /** Only the gaps: passing checks, and documents without a gap, are left out; the totals always end the report. */
  gapsOnly?: boolean;
}

/** Longest quote on a line of the report (the location stands before it): about a line of a terminal. */
const QUOTE_LENGTH = 100;

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The report for people: per document, each rule with ✓, ✗ (an error gap), ! (a warning) or
 * ~ (waived), its message and the quoted clause at file:line:column; a missing clause says
 * what was looked for and where it usually stands. Control characters from the agreement or a
 * file name are shown visibly (ESC as ␛), never sent to the terminal.
 */
export function formatText(given: Report, options: TextOptions = {}): string {
  // Control characters from the agreement or a file name are shown visibly (ESC as ␛), never sent to the terminal.
  const report = visibleReport(given);
  const c = pc.createColors(options.color ?? colorSupported());
  const details = new Map((options.rules ?? []).map((r) => [r.id, r]));
  const out: string[] = [];
  const width = Math.max(...report.rules.map((r) => r.id.length), 10);
  for (const doc of report.documents) {
    const shown = options.gapsOnly ? doc.results.filter((r) => r.status === "gap") : doc.results;
    if (options.gapsOnly && shown.length === 0) continue;
    const which = doc.documentType && doc.format !== "text" ? ` (${doc.documentType})` : "";
    out.push(`${c.bold(doc.file)}${which}  ${documentCounts(doc, c)}`);
    for (const r of shown) {
      const mark = r.status === "pass" ? c.green("✓") : r.waived ? c.dim("~") : r.severity === "error" ? c.red("✗") : c.yellow("!");
      const sev = r.status === "gap" ? `${r.waived ? c.dim("waived") : severityWord(r.severity, c)} ` : "";
      out.push(`  ${mark} ${r.ruleId.padEnd(width)}  ${sev}${r.message}`);
      for (const line of resultDetails(doc, r, details.get(r.ruleId), c)) out.push(`      ${line}`);
    }
    out.push("");
  }
  for (const e of report.errors) out.push(`${c.red("error")} ${e.file}: ${e.message}`);
  for (const w of report.unusedWaivers) {
    out.push(`${c.yellow("warning")} the waiver of ${w.rule} for ${w.document} (${w.source}) matched no gap: remove it, or check the document path`);
  }
  const t = report.summary;
  if (report.documents.length + report.errors.length > 1 || options.gapsOnly) {
    if (report.documents.length + report.errors.length > 1) out.push("", ...summaryTable(report, c, options.gapsOnly ?? false));
    out.push(
      `${plural(t.documents, "document")} checked: ${t.passed} passed, ${plural(t.gaps, "gap")} (${plural(t.errors, "error")}, ${plural(t.warnings, "warning")}${t.waived ? `, ${t.waived} waived` : ""})${t.unreadable ? `, ${t.unreadable} unreadable` : ""}`,
    );
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

/** "4 passed, 1 gap": red when an error gap is open, yellow when only warnings are, else green. */
function documentCounts(doc: DocumentReport, c: Colors): string {
  const s = doc.summary;
  const counts = `${s.passed} passed, ${plural(s.gaps, "gap")}`;
  if (s.errors) return c.red(counts);
  if (s.warnings) return c.yellow(counts);
  return s.gaps ? counts : c.green(counts);
}

/** One row per document (with --gaps-only, per document with a gap): passed and gap counts, the checks with open gaps; unreadable documents last. */
function summaryTable(report: Report, c: Colors, gapsOnly: boolean): string[] {
  const out = [c.bold("Summary"), `  ${"passed".padStart(6)}  ${"gaps".padStart(4)}  document`];
  for (const doc of report.documents) {
    const s = doc.summary;
    if (gapsOnly && s.gaps === 0) continue;
    const open = doc.results.filter((r) => r.status === "gap" && !r.waived).map((r) => r.ruleId);
    const waived = doc.results.filter((r) => r.waived).map((r) => `~${r.ruleId}`);
    const which = [...open, ...waived].join(", ");
    const gaps = String(s.gaps).padStart(4);
    const name = doc.documentType && doc.format !== "text" ? `${doc.file} (${doc.documentType})` : doc.file;
    const gapColor = s.errors ? c.red : s.warnings ? c.yellow : (x: string) => x;
    out.push(`  ${String(s.passed).padStart(6)}  ${gapColor(gaps)}  ${name}${which ? c.dim(`  (${which})`) : ""}`);
  }
  for (const e of report.errors) out.push(`  ${"-".padStart(6)}  ${"-".padStart(4)}  ${e.file}  ${c.red(`unreadable: ${e.message}`)}`);
  return out;
}

function severityWord(s: Severity, c: Colors): string {
  return match(s)
    .with("error", () => c.red("error"))
    .with("warning", () => c.yellow("warning"))
    .with("info", () => c.blue("info"))
    .exhaustive();
}

function resultDetails(doc: DocumentReport, r: RuleResult, rule: (RuleDetails & Partial<RuleCaptures>) | undefined, c: Colors): string[] {
  const lines = r.evidence.map((e) => evidenceLine(r, e, rule, c));
  if (r.waived) {
    lines.unshift(c.dim(`waived: ${r.waived.reason}${r.waived.approvedBy ? ` (approved by ${r.waived.approvedBy})` : ""} [${r.waived.source}]`));
  }
  if (r.status === "gap" && r.expected !== undefined) lines.push(c.dim(`expected ${r.expected}, found ${r.actual ?? "nothing"}`));
  if (r.reason === "missing") {
    const description = rule?.description?.replace(/\s+/g, " ").trim();
    if (description) lines.push(c.dim(`looked for: ${description}`));
    const n = r.searched?.length ?? 0;
    if (n) lines.push(c.dim(`${plural(n, "phrasing")} searched: clausecheck explain ${doc.file} --rule ${r.ruleId} lists them`));
  }
  if (r.usualPlace) lines.push(c.dim(`usually: ${r.usualPlace.replace(/\s+/g, " ").trim()}`));
  return lines;
}

/**
 * `file:line:column  §2(a)  “quote …”`: the place first, so that a cut quote is still found;
 * a gap's quote keeps the words it is about (emphasised in colour), cutting around them.
 */
function evidenceLine(r: RuleResult, e: Evidence, rule: RuleCaptures | undefined, c: Colors): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  const section = e.section ? `§${e.section}  ` : "";
  const label = e.role === "definition" ? `definition of “${e.term ?? ""}”: ` : "";
  const full = definitionText(e);
  const phrases = offendingPhrases(r, full, rule, e.role);
  const quote = innerQuotes(shortQuote(full, QUOTE_LENGTH, findPhrases(full, phrases)[0]));
  let shown = "";
  let at = 0;
  for (const f of findPhrases(quote, phrases.map(innerQuotes))) {
    shown += c.dim(quote.slice(at, f.start)) + c.bold(c.underline(quote.slice(f.start, f.end)));
    at = f.end;
  }
  shown += c.dim(quote.slice(at));
  return `${c.cyan(where)}  ${section}${label}${c.dim("“")}${shown}${c.dim("”")}`;
}
