import { match } from "ts-pattern";
import type { CapturedValue, ChangeKind, DiffDocument, Evidence, RuleChange, RuleDifference, RuleResult } from "../types.js";

/**
 * The words every human-readable comparison uses (text, Markdown, HTML, JUnit), so that they
 * say the same thing the same way.
 */

/** What a change means, for a heading or a table cell. */
export function changeLabel(kind: ChangeKind): string {
  return match(kind)
    .with("opened", () => "opened")
    .with("changed", () => "changed")
    .with("closed", () => "closed")
    .with("stayed", () => "stayed")
    .with("unchanged", () => "unchanged")
    .exhaustive();
}

/** One line explaining a kind of change, for legends. */
export function changeMeaning(kind: ChangeKind): string {
  return match(kind)
    .with("opened", () => "met in the earlier draft, a gap in the later one")
    .with("changed", () => "the same outcome, but the clause says something else")
    .with("closed", () => "a gap in the earlier draft, met in the later one")
    .with("stayed", () => "the same gap in both drafts")
    .with("unchanged", () => "met the same way in both drafts")
    .exhaustive();
}

/** The mark of a change: ✗ opened, ~ changed, ✓ closed, = stayed, · unchanged. */
export function changeMark(kind: ChangeKind): string {
  return match(kind)
    .with("opened", () => "✗")
    .with("changed", () => "~")
    .with("closed", () => "✓")
    .with("stayed", () => "=")
    .with("unchanged", () => "·")
    .exhaustive();
}

/** `3 opened, 0 changed, …` */
export function changeCounts(summary: Record<ChangeKind, number>): string {
  return (["opened", "changed", "closed", "stayed", "unchanged"] as const).map((k) => `${summary[k]} ${k}`).join(", ");
}

/** A document's name as reports print it (with its EDGAR type when it has one). */
export function draftName(d: DiffDocument): string {
  return d.documentType && d.format !== "text" ? `${d.file} (${d.documentType})` : d.file;
}

function shown(v: CapturedValue | undefined): string {
  if (v === undefined) return "(none)";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "(none)";
  return v;
}

/**
 * A difference in words: `jurisdiction: New York → Delaware`, `statement: done ("has filed") →
 * future ("will file")`. The wording of the clause is said to have changed, not quoted: both
 * quotes follow. With the change, a statement names the words that decided it.
 */
export function differenceText(d: RuleDifference, ch?: RuleChange): string {
  if (d.field === "clause") return d.before === undefined ? "a clause is found" : d.after === undefined ? "the clause is gone" : "the clause is worded differently";
  const name = d.field.startsWith("values.") ? d.field.slice("values.".length) : d.field === "waived" ? "waiver" : d.field;
  const cue = (r: RuleResult | undefined, v: CapturedValue | undefined) => (d.field === "statement" && v !== undefined && r?.statementCue ? ` ("${r.statementCue}")` : "");
  return `${name}: ${shown(d.before)}${cue(ch?.before, d.before)} → ${shown(d.after)}${cue(ch?.after, d.after)}`;
}

/**
 * The differences worth a line to a reader: not the status (the kind of change says it), not
 * the reason when the status changed (the outcome says it), and not how a clause is stated
 * when one draft has none.
 */
export function shownDifferences(c: RuleChange): RuleDifference[] {
  const statusChanged = c.before.status !== c.after.status;
  const oneClause = !c.before.evidence.length || !c.after.evidence.length;
  return c.differences.filter((d) => d.field !== "status" && !(statusChanged && d.field === "reason") && !(oneClause && d.field === "statement"));
}

/** The differences of a change in words, one sentence. */
export function differencesText(c: RuleChange): string[] {
  return shownDifferences(c).map((d) => differenceText(d, c));
}

/** A result's outcome in a few words: `met`, `error gap: missing`, `waived warning gap: incomplete`. */
export function outcomeText(r: RuleResult): string {
  if (r.status === "pass") return "met";
  return `${r.waived ? "waived " : ""}${r.severity} gap: ${r.reason ?? "gap"}`;
}

/** Where a clause stands: `file:line:column §section` (and the defined term for a definition). */
export function placeText(e: Evidence): string {
  return `${e.file}:${e.line}:${e.column}${e.section ? ` §${e.section}` : ""}${e.role === "definition" ? ` definition of "${e.term ?? ""}"` : ""}`;
}

/** Changes in the order a reviewer reads them: opened, changed, closed, stayed, unchanged; rule order within each. */
export function changesInOrder(changes: RuleChange[]): RuleChange[] {
  const rank: Record<ChangeKind, number> = { opened: 0, changed: 1, closed: 2, stayed: 3, unchanged: 4 };
  return changes.map((c, i) => ({ c, i })).sort((a, b) => rank[a.c.change] - rank[b.c.change] || a.i - b.i).map((x) => x.c);
}
