import { wordDiff } from "../compare/word-diff.js";
import type { DiffReport, Evidence, RuleChange, RuleResult } from "../types.js";
import { changeCounts, changeLabel, changeMark, changeMeaning, changesInOrder, differencesText, draftName, outcomeText, placeText } from "./diff-words.js";
import { htmlText } from "./format-html.js";
import { DIFF_STYLE, HTML_STYLE, htmlHead } from "./html-assets.js";

/**
 * The comparison of two drafts as one self-contained HTML page (no script; its
 * Content-Security-Policy forbids loading anything): the totals, a table with a row per rule
 * (its change, the earlier and the later outcome), then rule by rule what differs and the two
 * clauses side by side with their `file:line:column`, the words one has and the other lacks
 * marked. The review desk shows the same `<main>`.
 */
export function formatDiffHtml(diff: DiffReport): string {
  const title = `clausecheck: ${draftName(diff.before)} → ${draftName(diff.after)}`;
  const out = [
    ...htmlHead({ title, version: diff.tool.version, style: `${HTML_STYLE}${DIFF_STYLE}`, script: false }),
    '<header class="top">',
    "<h1>clausecheck: comparing drafts</h1>",
    `<p class="totals" id="totals"><span class="draft">${htmlText(draftName(diff.before))}</span> → <span class="draft">${htmlText(draftName(diff.after))}</span>: ${htmlText(changeCounts(diff.summary))}</p>`,
    "</header>",
    "<main>",
    '<section class="summary diff" id="diff-summary">',
    "<h2>Rule by rule</h2>",
    '<table class="summary diff-summary">',
    "<thead><tr><th>Rule</th><th>Change</th><th>Earlier draft</th><th>Later draft</th></tr></thead>",
    "<tbody>",
  ];
  const ordered = changesInOrder(diff.changes);
  for (const ch of ordered) {
    out.push(
      `<tr data-rule="${htmlText(ch.ruleId)}" data-change="${ch.change}"><td><a href="#${anchor(ch)}">${htmlText(ch.ruleId)}</a></td><td><span class="change-mark ${ch.change}">${changeMark(ch.change)} ${changeLabel(ch.change)}</span></td><td>${outcomeCell(ch.before)}</td><td>${outcomeCell(ch.after)}</td></tr>`,
    );
  }
  out.push("</tbody>", "</table>", `<p class="legend">${(["opened", "changed", "closed", "stayed", "unchanged"] as const).map((k) => `${changeMark(k)} ${k}: ${changeMeaning(k)}`).map(htmlText).join("; ")}</p>`);
  if (diff.uncompared.length) {
    out.push("<h3>Not compared</h3>", "<ul>");
    for (const u of diff.uncompared) out.push(`<li>${htmlText(u.ruleId)} is only in the ${u.in === "before" ? "earlier" : "later"} report</li>`);
    out.push("</ul>");
  }
  out.push("</section>", '<ol class="changes">');
  for (const ch of ordered) out.push(changeItem(diff, ch));
  out.push("</ol>", "</main>", "</body>", "</html>");
  return `${out.join("\n")}\n`;
}

/** The anchor of a rule's entry: rule ids are lower-case words and hyphens. */
const anchor = (ch: RuleChange) => `x-${ch.ruleId}`;

function outcomeCell(r: RuleResult): string {
  const kind = r.status === "pass" ? "pass" : r.waived ? "waived" : "gap";
  const mark = kind === "pass" ? "✓" : kind === "waived" ? "~" : "✗";
  return `<span class="mark-${kind}">${mark}</span> ${htmlText(outcomeText(r))}`;
}

function changeItem(diff: DiffReport, ch: RuleChange): string {
  const differences = differencesText(ch);
  const beforeClause = ch.before.evidence.find((e) => e.role === "clause");
  const afterClause = ch.after.evidence.find((e) => e.role === "clause");
  const runs = beforeClause && afterClause && beforeClause.text !== afterClause.text ? wordDiff(beforeClause.text, afterClause.text) : undefined;
  return [
    `<li class="change-item ${ch.change}" id="${anchor(ch)}" data-rule="${htmlText(ch.ruleId)}" data-change="${ch.change}">`,
    `<div class="head">${htmlText(ch.title)} <code>${htmlText(ch.ruleId)}</code><span class="badge change-badge ${ch.change}">${changeMark(ch.change)} ${changeLabel(ch.change)}</span></div>`,
    differences.length ? `<p class="differences">${differences.map(htmlText).join("; ")}</p>` : "",
    '<div class="sides">',
    side("Earlier draft", "before", diff.before.file, ch.before, runs),
    side("Later draft", "after", diff.after.file, ch.after, runs),
    "</div>",
    "</li>",
  ]
    .filter(Boolean)
    .join("\n");
}

/** One draft's result and its clauses; the clause's words the other draft lacks are marked. */
function side(label: string, which: "before" | "after", file: string, r: RuleResult, runs: ReturnType<typeof wordDiff>): string {
  const kind = r.status === "pass" ? "pass" : r.waived ? "waived" : "gap";
  const parts = [
    `<div class="side ${which} ${kind}">`,
    `<h4>${label} <span class="file">${htmlText(file)}</span></h4>`,
    `<p class="outcome">${outcomeCell(r)}</p>`,
    `<p class="message">${htmlText(r.message)}</p>`,
  ];
  if (r.expected !== undefined) parts.push(`<p>Expected ${htmlText(r.expected)}; found ${htmlText(r.actual ?? "nothing")}.</p>`);
  for (const e of r.evidence) parts.push(`<p class="place"><code>${htmlText(placeText(e))}</code></p>`, `<blockquote class="clause">${quote(e, which, runs)}</blockquote>`);
  if (r.evidence.length === 0) parts.push('<p class="no-clause">No such clause.</p>');
  if (r.waived) parts.push(`<p class="waiver">Waived: ${htmlText(r.waived.reason)} (${htmlText(r.waived.source)})</p>`);
  parts.push("</div>");
  return parts.join("\n");
}

function quote(e: Evidence, which: "before" | "after", runs: ReturnType<typeof wordDiff>): string {
  if (!runs || e.role !== "clause") return htmlText(e.text);
  const skip = which === "before" ? "added" : "removed";
  return runs
    .filter((r) => r.kind !== skip)
    .map((r) => (r.kind === "same" ? htmlText(r.text) : r.kind === "removed" ? `<del>${htmlText(r.text)}</del>` : `<ins>${htmlText(r.text)}</ins>`))
    .join(" ");
}
