/** The eval command's text output (pure: an Evaluation in, text out). */
import type { DetectionScores, Evaluation, Miss } from "./evaluate.js";

/** A ratio to three decimals, or "n/a". */
export function figure(x: number | null): string {
  return x === null ? "n/a" : x.toFixed(3);
}

const MAX_QUOTE = 240;
const quote = (s: string) => `"${s.length > MAX_QUOTE ? `${s.slice(0, MAX_QUOTE - 1)}…` : s}"`;

function detectionLine(name: string, d: DetectionScores): string {
  return (
    `  ${name.padEnd(20)} precision ${figure(d.precision)} (${d.tp}/${d.tp + d.fp})  recall ${figure(d.recall)} (${d.tp}/${d.tp + d.fn})  ` +
    `F1 ${figure(d.f1)}   [TP ${d.tp}, FP ${d.fp}, FN ${d.fn}, TN ${d.tn}]`
  );
}

const KIND = { "false-negative": "false negative", "false-positive": "false positive", "wrong-jurisdiction": "wrong jurisdiction" } as const;

function missLines(m: Miss): string[] {
  const label = m.label === "" ? "(none)" : m.label;
  const normalised = m.label === "" ? "" : ` → ${m.labelNormalised.join("; ")}`;
  const what = m.status === "pass" ? `pass, ${m.found}` : m.status === "unreadable" ? "unreadable" : `gap ${m.reason ?? ""}${m.found ? `, ${m.found}` : ""}`;
  const lines = [`  ${KIND[m.kind]}: ${m.file}`, `      label: ${label}${normalised}   found: ${what}`, `      ${m.message}`];
  if (m.evidence) {
    const where = [m.evidence.section ? `§${m.evidence.section}` : "", m.evidence.attachment ?? ""].filter(Boolean).join(" ");
    lines.push(`      ${m.file}:${m.evidence.line}:${m.evidence.column}${where ? `  ${where}` : ""}  ${quote(m.evidence.text)}`);
  }
  if (m.labelledClause) lines.push(`      labelled clause: ${quote(m.labelledClause)}`);
  return lines;
}

/** The report for people. */
export function formatEvaluation(e: Evaluation): string {
  const out: string[] = [];
  const docs = e.documents === e.files ? `${e.files} documents` : `${e.files} files (${e.documents} agreements)`;
  out.push(`clausecheck eval: ${docs} in ${e.folder}`, `rules: ${e.rulesDir}`, "");
  const idWidth = Math.max(4, ...e.rules.map((r) => r.id.length));
  out.push(`${"rule".padEnd(idWidth)}  passed   gaps  gaps by reason`);
  for (const r of e.rules) {
    const reasons = Object.entries(r.byReason).map(([k, v]) => `${k} ${v}`).join(", ");
    out.push(`${r.id.padEnd(idWidth)}  ${String(r.passed).padStart(6)} ${String(r.gaps).padStart(6)}  ${reasons}`);
  }
  if (e.unreadable.length) {
    out.push("", `unreadable: ${e.unreadable.length}`);
    for (const u of e.unreadable) out.push(`  ${u.file}: ${u.code}: ${u.message}`);
  }
  const l = e.labels;
  if (l) {
    out.push(
      "",
      `governing law against ${l.file}: ${l.measured} labelled documents, ${l.withChoiceOfLaw} with a choice of law, ${l.measured - l.withChoiceOfLaw} without`,
    );
    if (l.notFound.length) out.push(`  label rows whose file is not in the folder (not measured): ${l.notFound.length}`);
    if (l.unlabelled.length) out.push(`  documents without a label row (not measured): ${l.unlabelled.length}`);
    out.push(
      detectionLine("detection", l.detection),
      `  ${"".padEnd(20)} (a gap "incomplete", ${l.incomplete} here, counts as detected: the clause was found, its jurisdiction not recognised)`,
      detectionLine("detection, strict", l.detectionStrict),
      `  ${"".padEnd(20)} (only a pass counts as detected)`,
      `  ${"jurisdiction".padEnd(20)} accuracy ${figure(l.jurisdiction.accuracy)} (${l.jurisdiction.correct}/${l.jurisdiction.total} documents with a choice of law)`,
      ...(l.jurisdiction.partial.length
        ? [
            `  ${"".padEnd(20)} (${l.jurisdiction.partial.length} of them ${l.jurisdiction.partial.length === 1 ? "agrees" : "agree"} with one of several jurisdictions in the label; we report one:)`,
            ...l.jurisdiction.partial.map((p) => `  ${"".padEnd(22)}${p.file}: label ${p.label}, found ${p.found}`),
          ]
        : []),
      "",
      `misses: ${l.misses.length}`,
    );
    for (const m of l.misses) out.push(...missLines(m));
    if (l.notFound.length) {
      out.push("", "label rows whose file is not in the folder:");
      for (const f of l.notFound) out.push(`  ${f}`);
    }
  }
  return `${out.join("\n")}\n`;
}
