import type { DiffReport, RuleChange, RuleResult } from "../types.js";
import { changeCounts, changeLabel, changeMark, changeMeaning, changesInOrder, differencesText, draftName, outcomeText, placeText } from "./diff-words.js";
import { markdownText } from "./format-markdown.js";

const QUOTE_LENGTH = 300;

function code(s: string): string {
  return s.includes("`") ? markdownText(s) : `\`${s.replace(/\|/g, "\\|")}\``;
}

/**
 * The comparison of two drafts as Markdown for a pull request or a memo: a table with one row
 * per rule (its change, the earlier and the later outcome), then, for every rule that did not
 * stay the same, what differs and both clauses quoted with their `file:line:column`.
 */
export function formatDiffMarkdown(diff: DiffReport): string {
  const out = ["## clausecheck: comparing drafts", "", `${code(draftName(diff.before))} → ${code(draftName(diff.after))}: ${changeCounts(diff.summary)}`, ""];
  out.push("| Rule | Change | Earlier draft | Later draft |", "|---|---|---|---|");
  for (const ch of changesInOrder(diff.changes)) {
    out.push(`| ${code(ch.ruleId)} | ${changeMark(ch.change)} ${changeLabel(ch.change)} | ${cell(ch.before)} | ${cell(ch.after)} |`);
  }
  out.push("", (["opened", "changed", "closed", "stayed"] as const).map((k) => `${changeMark(k)} ${k}: ${changeMeaning(k)}`).join("; "), "");
  for (const ch of changesInOrder(diff.changes)) {
    if (ch.change === "unchanged") continue;
    out.push(...section(ch), "");
  }
  for (const u of diff.uncompared) out.push(`- ${code(u.ruleId)} is only in the ${u.in === "before" ? "earlier" : "later"} report: not compared`);
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

function cell(r: RuleResult): string {
  return `${r.status === "pass" ? "✓" : r.waived ? "~" : "✗"} ${markdownText(outcomeText(r))}`;
}

function section(ch: RuleChange): string[] {
  const out = [`### ${changeMark(ch.change)} ${code(ch.ruleId)} ${changeLabel(ch.change)}`, ""];
  const differences = differencesText(ch).map(markdownText);
  if (differences.length) out.push(differences.join("; "), "");
  for (const [label, r] of [["Earlier draft", ch.before], ["Later draft", ch.after]] as const) {
    out.push(`- **${label}**: ${markdownText(`${outcomeText(r)}. ${r.message}`)}`);
    for (const e of r.evidence) {
      const text = e.text.length > QUOTE_LENGTH ? `${e.text.slice(0, QUOTE_LENGTH - 1)}…` : e.text;
      out.push("", `  ${code(placeText(e))}`, "", `  > ${markdownText(text)}`);
    }
    if (r.evidence.length === 0) out.push("", "  No such clause.");
    out.push("");
  }
  return out;
}
