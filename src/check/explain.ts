import { ClauseCheckError } from "../errors.js";
import { parseAgreement } from "../parse/parse-agreement.js";
import { type ClauseMatch, type DocumentContext, documentContext } from "../recognize/recognize.js";
import { patternWithParts } from "../rules/pattern.js";
import type { Rule, RuleSet } from "../rules/rule-types.js";
import { didYouMean } from "../rules/suggest.js";
import type { Agreement, CapturedValue, GapReason, RuleResult, Severity, Source, Statement } from "../types.js";
import { type JudgedCondition, evaluateRule, toResult } from "./check-agreement.js";

/** Where a find pattern matched, for people. */
export interface ExplainedMatch {
  pattern: string;
  text: string;
  /** The predicate the pattern marks, as the text has it ("have been registered" judges "registered"). */
  predicate?: string;
  /** Each part of the pattern and the words it matched (empty for an optional part left out). */
  parts?: { part: string; text: string }[];
  /** From 1. */
  line: number;
  /** From 1. */
  column: number;
}

/** One clause a rule recognised, and how it was judged. */
export interface ExplainedClause {
  /** True for the clause the report speaks of. */
  chosen: boolean;
  status: "pass" | "gap";
  severity: Severity;
  reason?: GapReason;
  statement?: Statement;
  statementCue?: string;
  /** What frames the clause when it is not a representation: a condition, a proviso, a definition… */
  frame?: string;
  message: string;
  values: Record<string, CapturedValue>;
  section?: string;
  /** From 1. */
  line: number;
  /** From 1. */
  column: number;
  matches: ExplainedMatch[];
  conditions: JudgedCondition[];
}

/** Why a rule came out as it did on one document: what `clausecheck explain` prints. */
export interface Explanation {
  file: string;
  ruleId: string;
  title: string;
  ruleFile: string;
  description: string;
  result: RuleResult;
  /** The conditions json-rules-engine judged on the clause reported (or on the absent clause). */
  conditions: JudgedCondition[];
  /** Every clause the rule's phrases recognised, in document order. */
  clauses: ExplainedClause[];
  /** One sentence for each recognised clause that did not meet the rule. */
  nearMisses: string[];
  /** The phrases the rule looks for. */
  searched: string[];
}

/** Explains one rule on one document: each condition, each clause recognised, the near misses. */
export async function explainRule(source: Source, rules: RuleSet, ruleId: string, agreement: Agreement = parseAgreement(source)): Promise<Explanation> {
  const rule = rules.rules.find((r) => r.id === ruleId);
  if (!rule) {
    const hint = didYouMean(ruleId, rules.rules.map((r) => r.id));
    throw new ClauseCheckError("USAGE", `no rule "${ruleId}"${hint ? ` (did you mean "${hint}"?)` : `; the rules are: ${rules.rules.map((r) => r.id).join(", ")}`}`);
  }
  const ctx = documentContext(source, agreement);
  const evaluation = await evaluateRule(rule, ctx);
  const clauses: ExplainedClause[] = [];
  evaluation.verdicts.forEach((v, i) => {
    const c = v.candidate;
    if (!c) return;
    const r = toResult(rule, v, ctx);
    const first = c.units[0];
    const at = ctx.lines.position(first?.start ?? 0);
    const clause: ExplainedClause = {
      chosen: i === evaluation.chosen,
      status: v.status,
      severity: v.severity,
      message: r.message,
      values: c.values,
      line: at.line,
      column: at.column,
      matches: c.matches.map((m) => explainMatch(rule, ctx, m)),
      conditions: v.conditions,
    };
    if (v.reason) clause.reason = v.reason;
    clause.statement = c.statement;
    if (c.cue) clause.statementCue = c.cue;
    if (c.frame) clause.frame = c.frame;
    if (first?.section) clause.section = first.section;
    clauses.push(clause);
  });
  clauses.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    file: source.file,
    ruleId: rule.id,
    title: rule.title,
    ruleFile: rule.file,
    description: rule.description,
    result: evaluation.result,
    conditions: evaluation.verdicts[evaluation.chosen]?.conditions ?? [],
    clauses,
    nearMisses: [...clauses.filter((c) => c.status === "gap").map(nearMiss), ...lookAlikes(rule, ctx, clauses)],
    searched: rule.find.map((p) => p.source),
  };
}

/** Sentences matching one of the rule's nearMisses phrases, outside the clauses it recognised. */
function lookAlikes(rule: Rule, ctx: DocumentContext, clauses: ExplainedClause[]): string[] {
  const out: string[] = [];
  for (const n of rule.nearMisses) {
    n.re.lastIndex = 0;
    for (const m of ctx.source.text.matchAll(n.re)) {
      const at = ctx.lines.position(m.index);
      if (clauses.some((c) => c.line === at.line)) continue;
      const unit = ctx.units.find((u) => u.start <= m.index && m.index < u.end);
      const quote = m[0].replace(/\s+/g, " ");
      out.push(`line ${at.line}:${at.column}${unit?.section ? ` (§${unit.section})` : ""}: found "${quote.length > 80 ? `${quote.slice(0, 79)}…` : quote}", ${n.value}`);
      if (out.length >= 10) return out;
    }
  }
  return out;
}

/** A match with its predicate and, for a phrase, what each part of the pattern matched. */
function explainMatch(rule: Rule, ctx: DocumentContext, m: ClauseMatch): ExplainedMatch {
  const text = ctx.source.text;
  const out: ExplainedMatch = { pattern: m.pattern, text: collapse(text.slice(m.start, m.end)), ...pos(ctx.lines.position(m.start)) };
  if (m.predicate) out.predicate = collapse(text.slice(m.predicate.start, m.predicate.end));
  const p = rule.find[m.order];
  const withParts = p ? patternWithParts(p) : undefined;
  if (withParts) {
    const sticky = new RegExp(withParts.re.source, "idy");
    sticky.lastIndex = m.start;
    const found = sticky.exec(text);
    if (found) out.parts = withParts.program.parts.map((part) => ({ part: part.text, text: collapse(found[part.group] ?? "") }));
  }
  return out;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function pos(p: { line: number; column: number }) {
  return { line: p.line, column: p.column };
}

/** "line 22:5 (§2(a)): found 'Form S-1' where S-3 is required". */
function nearMiss(c: ExplainedClause): string {
  const where = `line ${c.line}:${c.column}${c.section ? ` (§${c.section})` : ""}`;
  const failed = c.conditions.find((k) => !k.result && k.name.startsWith("value"));
  const found = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
  const what = ((): string => {
    switch (c.reason) {
      case "deviating":
        return `found '${found(failed?.factResult)}' where ${Array.isArray(failed?.value) ? `one of ${(failed?.value as string[]).join(", ")}` : `'${String(failed?.value)}'`} is required`;
      case "incomplete":
        return `no ${failed?.path?.replace(/^values\./, "") ?? "value"} is given`;
      case "future":
        return `found '${c.statementCue}', a promise or intention for the future, not a statement that it is done`;
      case "negated":
        return `found '${c.statementCue}', a negation`;
      case "conditional":
        return `found '${c.statementCue}', a condition`;
      case "mentioned":
        return `only mentioned${c.statementCue ? ` (${c.statementCue})` : ""}, not stated`;
      case "quoted":
        return `${c.statementCue ?? "quoted in an attachment"}, not the agreement's own clause`;
      default:
        return c.message;
    }
  })();
  return `${where}: ${what}`;
}
