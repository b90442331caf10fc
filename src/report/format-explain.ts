import pc from "picocolors";
import { colorSupported } from "./colors.js";
import type { Explanation } from "../check/explain.js";
import type { JudgedCondition } from "../check/check-agreement.js";
import { displayPath } from "../display-path.js";

/** `clausecheck explain` for people: one screen on why a rule passed or found a gap. */
export function formatExplanation(x: Explanation, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? colorSupported());
  const r = x.result;
  const out: string[] = [];
  out.push(`${c.bold(x.ruleId)}: ${x.title}  ${c.dim(`(${displayPath(x.ruleFile)})`)}`);
  out.push(`${x.file}: ${r.status === "pass" ? c.green("✓ pass") : c.red(`✗ gap (${r.severity}, ${r.reason})`)}  ${r.message}`);
  out.push("");
  out.push(c.bold("Conditions, as json-rules-engine judged them on the clause reported:"));
  for (const k of x.conditions) out.push(`  ${condition(k, c)}`);
  out.push("");
  out.push(c.bold(`Clauses recognised: ${x.clauses.length}`));
  for (const cl of x.clauses) {
    const mark = cl.chosen ? "→" : " ";
    const verdict = cl.status === "pass" ? c.green("pass") : c.red(`gap: ${cl.reason}`);
    const frame = !cl.frame ? "" : cl.frame === "conditional provision" ? ", in a provision a condition governs" : `, framed by a ${cl.frame}`;
    out.push(`${mark} ${x.file}:${cl.line}:${cl.column}${cl.section ? ` §${cl.section}` : ""}  ${cl.statement}${cl.statementCue ? ` ("${cl.statementCue}"${frame})` : frame}  ${verdict}`);
    for (const m of cl.matches.slice(0, 4)) {
      const t = m.text.length > 90 ? `${m.text.slice(0, 89)}…` : m.text;
      out.push(`      ${c.dim(`matched at ${m.line}:${m.column}:`)} "${t}"`);
      out.push(`        ${c.dim("pattern:")} ${m.pattern}`);
      if (m.predicate) out.push(`        ${c.dim("predicate:")} "${m.predicate}"`);
      const parts = (m.parts ?? []).filter((p) => p.text !== "").map((p) => `${p.part} → "${p.text.length > 40 ? `${p.text.slice(0, 39)}…` : p.text}"`);
      if (parts.length) out.push(`        ${c.dim("parts:")} ${parts.join("; ")}`);
    }
    if (cl.matches.length > 4) out.push(`      ${c.dim(`… and ${cl.matches.length - 4} more matches`)}`);
    const values = Object.entries(cl.values).map(([k, v]) => `${k} = ${Array.isArray(v) ? `[${v.join(", ")}]` : String(v)}`);
    if (values.length) out.push(`      values: ${values.join("; ")}`);
  }
  if (x.nearMisses.length) {
    out.push("");
    out.push(c.bold("Near misses:"));
    for (const n of x.nearMisses) out.push(`  - ${n}`);
  }
  if (x.clauses.length === 0) {
    out.push("");
    out.push(c.bold("Searched for (none found):"));
    for (const s of x.searched) out.push(`  ${s}`);
  }
  return `${out.join("\n")}\n`;
}

function condition(k: JudgedCondition, c: ReturnType<typeof pc.createColors>): string {
  const mark = k.result ? c.green("✓") : c.red("✗");
  const found = k.factResult === undefined ? "(nothing)" : JSON.stringify(k.factResult);
  const required = `${k.operator ?? ""} ${k.value === undefined ? "" : JSON.stringify(k.value)}`.trim();
  return `${mark} ${k.name.padEnd(10)} ${(k.path ?? "").padEnd(22)} found ${found}; required ${required}`;
}
