import pc from "picocolors";
import { match } from "ts-pattern";
import type { ChangeKind, DiffReport, RuleResult } from "../types.js";
import { changeCounts, changeLabel, changeMark, changesInOrder, differencesText, draftName, outcomeText, placeText } from "./diff-words.js";
import type { TextOptions } from "./format-text.js";

const QUOTE_LENGTH = 220;
type Colors = ReturnType<typeof pc.createColors>;

/**
 * The comparison of two drafts for a terminal: the totals, then rule by rule (opened first,
 * then changed, closed and stayed) what differs and both results, each with its clause and
 * `file:line:column`; the rules met the same way in both drafts on one line at the end.
 */
export function formatDiffText(diff: DiffReport, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? pc.isColorSupported);
  const out = [`${c.bold(draftName(diff.before))} → ${c.bold(draftName(diff.after))}`, changeCounts(diff.summary), ""];
  const width = Math.max(...diff.changes.map((x) => x.ruleId.length), 10);
  const unchanged: string[] = [];
  for (const ch of changesInOrder(diff.changes)) {
    if (ch.change === "unchanged") {
      unchanged.push(ch.ruleId);
      continue;
    }
    out.push(`${paint(ch.change, `${changeMark(ch.change)} ${changeLabel(ch.change).padEnd(9)}`, c)} ${ch.ruleId.padEnd(width)}  ${ch.after.status === "gap" ? outcomeText(ch.after) : ""}`.trimEnd());
    const differences = differencesText(ch);
    if (differences.length) out.push(`    ${differences.join("; ")}`);
    out.push(...side("before", ch.before, c), ...side("after ", ch.after, c), "");
  }
  if (unchanged.length) out.push(c.dim(`${changeMark("unchanged")} unchanged  ${unchanged.join(", ")}`));
  for (const u of diff.uncompared) out.push(c.yellow(`warning ${u.ruleId} is only in the ${u.in === "before" ? "earlier" : "later"} report: not compared`));
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

function paint(kind: ChangeKind, s: string, c: Colors): string {
  return match(kind)
    .with("opened", () => c.red(s))
    .with("changed", () => c.yellow(s))
    .with("closed", () => c.green(s))
    .with("stayed", "unchanged", () => c.dim(s))
    .exhaustive();
}

/** One draft's result: its outcome and message, then each quoted clause with its place, or that none was found. */
function side(label: string, r: RuleResult, c: Colors): string[] {
  const mark = r.status === "pass" ? c.green("✓") : r.waived ? c.dim("~") : r.severity === "error" ? c.red("✗") : c.yellow("!");
  const lines = [`    ${label}  ${mark} ${r.status === "gap" ? `${outcomeText(r)}: ` : ""}${r.message}`];
  for (const e of r.evidence) {
    const quote = e.text.length > QUOTE_LENGTH ? `${e.text.slice(0, QUOTE_LENGTH - 1)}…` : e.text;
    lines.push(`             ${c.cyan(placeText(e))}  ${c.dim(`"${quote}"`)}`);
  }
  if (r.evidence.length === 0) lines.push(`             ${c.dim("no such clause")}`);
  return lines;
}
