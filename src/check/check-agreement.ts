import { Engine, type RuleResult as EngineRuleResult } from "json-rules-engine";
import { match } from "ts-pattern";
import { parseAgreement } from "../parse/parse-agreement.js";
import { type Candidate, type DocumentContext, candidateEvidence, documentContext, findCandidates, isPresent } from "../recognize/recognize.js";
import type { ParameterValue, RequirementSpec, Rule, RuleSet } from "../rules/rule-types.js";
import type { Agreement, CapturedValue, DocumentReport, GapReason, RuleResult, Severity, Source, Statement } from "../types.js";

/** The `clause` fact when nothing was recognised. */
const ABSENT = { found: false, statement: undefined, values: {} } as const;

const engines = new WeakMap<Rule, Engine>();

/**
 * A plain own-property lookup of "values.form": the default (jsonpath-plus) is slow and had a
 * code-execution advisory, and lodash's get follows inherited properties (a capture named
 * "constructor" would find Object.prototype.constructor).
 */
function ownPath(value: object, path: string): unknown {
  let v: unknown = value;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** One json-rules-engine Engine per rule, built once (about 15 µs) and reused for every document. */
function engineFor(rule: Rule): Engine {
  let engine = engines.get(rule);
  if (!engine) {
    // A plain property lookup: the default (jsonpath-plus) is slow and had a code-execution advisory.
    engine = new Engine([], { allowUndefinedFacts: true, pathResolver: ownPath });
    engine.addOperator("present", (fact: unknown, want: unknown) => isPresent(fact as CapturedValue | undefined) === want);
    engine.addRule({ name: rule.id, conditions: rule.conditions, event: { type: rule.id } });
    engines.set(rule, engine);
  }
  return engine;
}

/** A named condition json-rules-engine judged: what it looked at, found and required. */
export interface JudgedCondition {
  /** `found`, `statement`, or `value.N` for the Nth value requirement (`value.N.M` inside any:). */
  name: string;
  result: boolean;
  /** The fact path looked at, e.g. `values.form`. */
  path?: string;
  operator?: string;
  /** What the clause had there. */
  factResult?: unknown;
  /** What was required. */
  value?: unknown;
}

/** Runs one rule's conditions on one clause and returns every named condition's outcome. */
async function judge(rule: Rule, clause: Candidate | typeof ABSENT): Promise<JudgedCondition[]> {
  const { results, failureResults } = await engineFor(rule).run({ clause });
  const outcome = (results[0] ?? failureResults[0]) as EngineRuleResult | undefined;
  const judged: JudgedCondition[] = [];
  const walk = (c: unknown) => {
    if (!c || typeof c !== "object") return;
    const node = c as { name?: string; result?: boolean; factResult?: unknown; path?: string; operator?: string; value?: unknown; all?: unknown[]; any?: unknown[] };
    if (node.name && typeof node.result === "boolean") {
      const j: JudgedCondition = { name: node.name, result: node.result };
      if (node.path !== undefined) j.path = node.path;
      if (node.operator !== undefined) j.operator = node.operator;
      if ("factResult" in node) j.factResult = node.factResult;
      if (node.value !== undefined) j.value = node.value;
      judged.push(j);
    }
    for (const child of [...(node.all ?? []), ...(node.any ?? [])]) walk(child);
  };
  walk(outcome?.toJSON(false).conditions);
  return judged;
}

/** A judged candidate: its outcome, ready to rank and report. */
export interface Verdict {
  candidate?: Candidate;
  /** Every condition json-rules-engine judged on it. */
  conditions: JudgedCondition[];
  status: "pass" | "gap";
  severity: Severity;
  reason?: GapReason;
  failed?: RequirementSpec;
  failedValue?: CapturedValue;
}

async function verdict(rule: Rule, candidate: Candidate | undefined): Promise<Verdict> {
  const judged = await judge(rule, candidate ?? ABSENT);
  const failed = (name: string) => judged.find((j) => j.name === name && !j.result);
  if (!candidate || failed("found")) return { conditions: judged, status: "gap", severity: rule.severity, reason: "missing" };
  const failures = rule.requirements.flatMap((req, i) => {
    if (!failed(`value.${i}`)) return [];
    const value = req.value !== undefined && Object.hasOwn(candidate.values, req.value) ? candidate.values[req.value] : undefined;
    const v: Verdict = {
      candidate,
      conditions: judged,
      status: "gap",
      severity: req.severity ?? rule.severity,
      reason: isPresent(value) ? "deviating" : "incomplete",
      failed: req,
    };
    if (value !== undefined) v.failedValue = value;
    return [v];
  });
  // A clause naming the wrong thing (Form S-1, the OTCQB) deviates however it is stated:
  // that is the first thing a lawyer needs to hear. Then how it is stated, then what it omits.
  const deviation = failures.find((f) => f.reason === "deviating");
  // A negated clause says first that it is negated ("has not filed any registration
  // statement, other than on Form S-8" is no representation on Form S-8).
  // A mere mention (a definition) says first that it is only a mention.
  if (deviation && !["quoted", "negated", "mentioned"].includes(candidate.statement)) return deviation;
  if (failed("statement") || failed("frame")) {
    return { candidate, conditions: judged, status: "gap", severity: rule.severity, reason: candidate.statement as GapReason };
  }
  return failures[0] ?? { candidate, conditions: judged, status: "pass", severity: rule.severity };
}

/** Lower is better: a pass, then a warning, then an on-topic deviation, then weaker statements. */
function rank(v: Verdict): number {
  if (v.status === "pass") return 0;
  const bySeverity = { info: 1, warning: 2, error: 3 }[v.severity];
  // A clause that is on topic and stated as required but deviates says more than one stated
  // the wrong way; among those, document order decides.
  const byReason = match(v.reason ?? "missing")
    .with("deviating", () => 0)
    .with("incomplete", "future", "conditional", "negated", () => 1)
    .with("mentioned", () => 2)
    .with("quoted", () => 3)
    .with("missing", () => 4)
    .exhaustive();
  return bySeverity * 10 + byReason;
}

/** Everything one rule saw in a document: each clause it recognised, judged, and the one reported. */
export interface RuleEvaluation {
  rule: Rule;
  result: RuleResult;
  /** Every recognised clause with its verdict, in document order (one absent clause when none). */
  verdicts: Verdict[];
  /** Index in `verdicts` of the clause the result reports. */
  chosen: number;
}

/** Checks one rule against a prepared document. */
export async function checkRule(rule: Rule, ctx: DocumentContext): Promise<RuleResult> {
  return (await evaluateRule(rule, ctx)).result;
}

/** Checks one rule against a prepared document and keeps every verdict, for `explain`. */
export async function evaluateRule(rule: Rule, ctx: DocumentContext): Promise<RuleEvaluation> {
  const candidates = findCandidates(rule, ctx);
  const verdicts = candidates.length ? await Promise.all(candidates.map((c) => verdict(rule, c))) : [await verdict(rule, undefined)];
  // Equal passes: the clause that matched more of the rule's phrases is the main one (a
  // "Counterparts" section over a closing deliverable that mentions a counterpart). Equal
  // gaps: the first in the document.
  // Before that, the clause found by the rule's earlier pattern: a rule lists its patterns from
  // the most telling ("shall be governed by the laws of") to the least.
  const weight = (v: Verdict) => (v.status === "pass" ? new Set(v.candidate?.matches.map((m) => m.pattern)).size : 0);
  const order = (v: Verdict) => (v.status === "pass" ? Math.min(...(v.candidate?.matches.map((m) => m.order) ?? [0])) : 0);
  const better = (a: Verdict, b: Verdict) => rank(b) - rank(a) || order(b) - order(a) || weight(a) - weight(b);
  const best = verdicts.reduce((a, b) => (better(a, b) < 0 ? b : a));
  return { rule, result: toResult(rule, best, ctx), verdicts, chosen: verdicts.indexOf(best) };
}

/**
 * Checks a document against a rule set: every rule gives one result, a pass or a gap with
 * evidence. Parses the source first unless its Agreement is given.
 */
export async function checkAgreement(source: Source, ruleSet: RuleSet, agreement: Agreement = parseAgreement(source)): Promise<DocumentReport> {
  const ctx = documentContext(source, agreement);
  const results: RuleResult[] = [];
  for (const rule of ruleSet.rules) results.push(await checkRule(rule, ctx));
  const gaps = results.filter((r) => r.status === "gap");
  const report: DocumentReport = {
    file: source.file,
    format: source.format,
    encoding: source.encoding,
    results,
    summary: {
      passed: results.length - gaps.length,
      gaps: gaps.length,
      errors: gaps.filter((r) => r.severity === "error").length,
      warnings: gaps.filter((r) => r.severity === "warning").length,
      waived: 0,
    },
  };
  if (source.documentType) report.documentType = source.documentType;
  return report;
}

/** Default wording for a clause stated the wrong way, when the rule file gives none. */
const STATEMENT_MESSAGES: Record<Exclude<Statement, "done">, string> = {
  negated: '{where} says the opposite ("{found}"); not met: {title}.',
  future: '{where} only promises this for the future ("{found}"); the agreement must state that it has been done.',
  conditional: '{where} states this only on a condition ("{found}"), not as a fact.',
  mentioned: "{where} mentions this but does not state that it has been done ({found}).",
  quoted: "{where} quotes such a clause; the agreement itself does not contain it.",
};

/** A parameter's value as a message quotes it: a list joined with commas, an empty one as "any". */
function parameterText(value: ParameterValue | undefined): string {
  if (Array.isArray(value)) return value.length ? value.join(", ") : "any";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return value ?? "";
}

/** The report entry for a verdict (exported for `explain`, which describes every verdict). */
export function toResult(rule: Rule, v: Verdict, ctx: DocumentContext): RuleResult {
  const c = v.candidate;
  const values = c?.values ?? {};
  const firstUnit = c?.units[0];
  const line = firstUnit ? ctx.lines.position(firstUnit.start).line : 0;
  const where = !firstUnit
    ? ""
    : firstUnit.attachment
      ? `${firstUnit.attachment} (line ${line}), attached to the agreement,`
      : firstUnit.section
        ? firstUnit.section.startsWith("Article")
          ? firstUnit.section
          : `Section ${firstUnit.section}`
        : `The text at line ${line}`;
  const fill = (template: string) =>
    template.replace(/\{(\$?\w+)\}/g, (_, name: string) => {
      // {$exchanges}: the parameter's value in force, the firm's setting or the rule's default.
      if (name.startsWith("$")) return parameterText(rule.parameters[name.slice(1)]?.value);
      if (name === "where") return where;
      if (name === "found") return c?.cue ?? "";
      if (name === "title") return rule.title;
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (typeof value === "boolean") return value ? "yes" : "no";
      return value === undefined ? "(none)" : Array.isArray(value) ? value.join(", ") || "(none)" : String(value);
    });
  const message = match(v)
    .with({ status: "pass" }, () => fill(rule.messages.pass))
    .with({ reason: "missing" }, () => fill(rule.messages.missing))
    .with({ reason: "deviating" }, { reason: "incomplete" }, (x) => fill(x.failed?.message ?? rule.messages.missing))
    .otherwise((x) => {
      const reason = x.reason as Exclude<Statement, "done">;
      return fill(rule.messages[reason] ?? STATEMENT_MESSAGES[reason]);
    });
  const result: RuleResult = {
    ruleId: rule.id,
    title: rule.title,
    status: v.status,
    severity: v.severity,
    message: message.replace(/\s+/g, " ").trim(),
    values,
    evidence: c ? candidateEvidence(c, ctx) : [],
  };
  if (v.status === "gap" && rule.why) result.note = rule.why;
  if (v.reason) result.reason = v.reason;
  if (c) result.statement = c.statement;
  if (c?.cue) result.statementCue = c.cue;
  if (v.failed && v.failed.value !== undefined) {
    result.expected = v.failed.equals !== undefined ? String(v.failed.equals) : v.failed.oneOf ? [v.failed.oneOf].flat().join(" or ") : "present";
    result.actual = v.failedValue === undefined ? "(not found)" : Array.isArray(v.failedValue) ? v.failedValue.join(", ") : String(v.failedValue);
  }
  if (v.reason === "missing") {
    result.searched = rule.find.map((p) => p.source);
    if (rule.usually) result.usualPlace = rule.usually;
  }
  return result;
}
