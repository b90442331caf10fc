/** The eval command's text output (pure: a SplitEvaluation in, text out). */
import type { CorpusHalf } from "./corpus-half.js";
import type { DetectionScores, Miss } from "./evaluate.js";
import { type HalfEvaluation, type SplitEvaluation, F1_TOLERANCE } from "./split-evaluation.js";

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

/** "6 documents", or "6 files (7 agreements)" when a file held several; `what` follows "documents"/"files". */
function documentCount(e: { files: number; documents: number }, what = ""): string {
  return e.documents === e.files ? `${e.files} documents${what}` : `${e.files} files${what} (${e.documents} agreements)`;
}

/**
 * Per-rule counts, unreadable files and the label figures of one evaluation. Where its misses
 * are withheld, `withheld` says why in one line; `missIntro` is a line printed before a list.
 */
function bodyLines(e: HalfEvaluation, withheld: string, missIntro?: string): string[] {
  const out: string[] = [];
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
    );
    if (l.misses) {
      out.push(`misses: ${l.missCount}`);
      if (missIntro && l.missCount) out.push(missIntro);
      for (const m of l.misses) out.push(...missLines(m));
    } else out.push(`misses: ${l.missCount} (${withheld})`);
    if (l.notFound.length) {
      out.push("", "label rows whose file is not in the folder:");
      for (const f of l.notFound) out.push(`  ${f}`);
    }
  }
  return out;
}

const WITHHELD_CHECK = "counted, not printed: misses of the check half are never read to tune the rules";
const WITHHELD_ALL = "counted, not printed: the tune half's are listed above, the check half's are never read to tune the rules";
const CHECK_MISSES_INTRO = "(misses of the check half: read them to judge how the rules generalise, never to tune a rule)";

/** The halves side by side: documents, per-rule tallies and the label figures. */
function summaryLines(subsets: [string, HalfEvaluation][]): string[] {
  const rows: [string, (e: HalfEvaluation) => string][] = [["documents", (e) => String(e.documents)]];
  for (const r of subsets[0]?.[1].rules ?? []) {
    rows.push([`${r.id} passed/gaps`, (e) => {
      const t = e.rules.find((x) => x.id === r.id);
      return t ? `${t.passed}/${t.gaps}` : "-";
    }]);
  }
  if (subsets.some(([, e]) => e.labels)) {
    const scores = (f: (l: NonNullable<HalfEvaluation["labels"]>) => string) => (e: HalfEvaluation) => (e.labels ? f(e.labels) : "-");
    rows.push(
      ["detection precision", scores((l) => figure(l.detection.precision))],
      ["detection recall", scores((l) => figure(l.detection.recall))],
      ["detection F1", scores((l) => figure(l.detection.f1))],
      ["strict detection F1", scores((l) => figure(l.detectionStrict.f1))],
      ["jurisdiction accuracy", scores((l) => figure(l.jurisdiction.accuracy))],
      ["misses", scores((l) => String(l.missCount))],
    );
  }
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  const cells = rows.map(([, cell]) => subsets.map(([, e]) => cell(e)));
  const width = Math.max(7, ...cells.flat().map((c) => c.length), ...subsets.map(([name]) => name.length));
  return [
    `${"".padEnd(nameWidth)}${subsets.map(([name]) => `  ${name.padStart(width)}`).join("")}`,
    ...rows.map(([name], i) => `${name.padEnd(nameWidth)}${(cells[i] ?? []).map((c) => `  ${c.padStart(width)}`).join("")}`),
  ];
}

/** The report of a split run for people: one block per half, then the halves side by side and the F1 difference. */
export function formatSplitEvaluation(s: SplitEvaluation): string {
  const half = s.split.half;
  const subsets = (half ? [[half, s[half]]] : [["tune", s.tune], ["check", s.check], ["all", s.all]]).filter(
    (x): x is [CorpusHalf | "all", HalfEvaluation] => x[1] !== undefined,
  );
  const first = subsets[0]?.[1];
  if (!first) return "";
  const whole = s.all ?? first;
  const out = [
    `clausecheck eval: ${documentCount(whole, half ? ` of the ${half} half` : "")} in ${whole.folder}`,
    `rules: ${whole.rulesDir}`,
    `halves: ${s.split.rule}${half ? `; this run: the ${half} half only (--half ${half})` : ""}`,
  ];
  if (s.corrections) {
    out.push(`labels corrected: ${s.corrections.applied.length} from ${s.corrections.file} (figures below use the corrected labels; run without --corrections for CUAD's own)`);
    for (const c of s.corrections.applied) out.push(`  ${c.file}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)} (${c.why})`);
    if (s.corrections.unmatched.length > 0) out.push(`labels not corrected: ${s.corrections.unmatched.length} of the corrections name no row of the labels: ${s.corrections.unmatched.join(", ")}`);
  }
  for (const [name, e] of subsets) {
    out.push("", `== ${name === "all" ? "all" : `${name} half`}: ${documentCount(e)} ==`, "");
    const withheld = name === "all" ? WITHHELD_ALL : WITHHELD_CHECK;
    out.push(...bodyLines(e, withheld, name === "check" ? CHECK_MISSES_INTRO : undefined));
  }
  if (!half) out.push("", "== by half ==", "", ...summaryLines(subsets));
  const f1 = s.f1;
  if (f1) {
    const diff = f1.difference === null ? "n/a" : `${f1.difference >= 0 ? "+" : ""}${f1.difference.toFixed(3)}`;
    const verdict = f1.flagged
      ? `FLAGGED: the check half is more than ${F1_TOLERANCE} below the tune half (the rules may fit the tune half's phrasings, not the task)`
      : f1.difference === null
        ? "(no F1 for one of the halves)"
        : `(within ${F1_TOLERANCE} of the tune half or above it)`;
    out.push("", `detection F1: tune ${figure(f1.tune)}, check ${figure(f1.check)}, difference (check − tune) ${diff}  ${verdict}`);
  }
  return `${out.join("\n")}\n`;
}
