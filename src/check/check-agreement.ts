import { Engine, type RuleResult as EngineRuleResult } from "json-rules-engine";
import { match } from "ts-pattern";
import { parseAgreement } from "../parse/parse-agreement.js";
import { type Candidate, type DocumentContext, candidateEvidence, documentContext, findCandidates, isPresent } from "../recognize/recognize.js";
import type { RequirementSpec, Rule, RuleMessage, RuleSet } from "../rules/rule-types.js";
import { fillMessage, listInWords, pickMessage } from "./message.js";
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

/**
 * The places of the clause a rule's conditions look at (`found`, `statement`, `frame`,
 * `values.form`), or null when a condition looks at anything else (another fact, the whole
 * clause, a fact as the value compared with): then every clause is run through the engine.
 */
const lookedAt = new WeakMap<Rule, string[] | null>();
function pathsOf(rule: Rule): string[] | null {
  let paths = lookedAt.get(rule);
  if (paths === undefined) {
    const found: string[] = [];
    let plain = true;
    const walk = (c: unknown) => {
      const node = c as { all?: unknown[]; any?: unknown[]; not?: unknown; condition?: unknown; fact?: unknown; path?: unknown; value?: unknown; params?: unknown };
      if (node.all || node.any) {
        for (const child of [...(node.all ?? []), ...(node.any ?? [])]) walk(child);
        return;
      }
      const value = node.value as { fact?: unknown } | undefined;
      if (node.fact !== "clause" || typeof node.path !== "string" || node.params !== undefined || (value !== null && typeof value === "object" && "fact" in value)) plain = false;
      else found.push(node.path);
    };
    walk(rule.conditions);
    paths = plain ? [...new Set(found)] : null;
    lookedAt.set(rule, paths);
  }
  return paths;
}

/** Judgements already made, by rule and by what the clause holds where its conditions look. */
const judgements = new WeakMap<Rule, Map<string, Promise<JudgedCondition[]>>>();

/**
 * Every named condition's outcome for one clause. The conditions are a function of what the
 * clause holds at the places they look (pathsOf), so clauses alike there share one run of the
 * engine (a long agreement repeats its clauses: a document of 6,400 copies of the seed ran the
 * engine 32,000 times, a sixth of what it allocated).
 */
export function judge(rule: Rule, clause: Candidate | typeof ABSENT): Promise<JudgedCondition[]> {
  const paths = pathsOf(rule);
  if (!paths) return runConditions(rule, clause);
  const key = paths.map((p) => {
    const v = ownPath(clause, p);
    return v === undefined ? "-" : JSON.stringify(v);
  }).join("\n");
  let memo = judgements.get(rule);
  if (!memo) judgements.set(rule, (memo = new Map()));
  let judged = memo.get(key);
  if (!judged) {
    if (memo.size >= 1000) memo.clear();
    judged = runConditions(rule, clause);
    memo.set(key, judged);
  }
  return judged;
}

/** Runs one rule's conditions on one clause and returns every named condition's outcome. */
export async function runConditions(rule: Rule, clause: Candidate | typeof ABSENT): Promise<JudgedCondition[]> {
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

/**
 * Default wording for a clause stated the wrong way, when the rule file gives none. A bracket
 * quoting {found} is left out when no words decided the statement; `mentioned` reads
 * differently with and without them, so it has one wording for each.
 */
const STATEMENT_MESSAGES: Record<Exclude<Statement, "done" | "mentioned">, string> & { mentioned: { cue: string; none: string } } = {
  negated: '{where} states the opposite ("{found}"), so the requirement "{title}" is not met.',
  future: '{where} only promises this for the future ("{found}"); the agreement must state that it has been done.',
  conditional: '{where} states this only on a condition ("{found}"), not as a fact.',
  mentioned: {
    cue: "{where} speaks of this only in {found}, which does not state that it has been done.",
    none: "{where} speaks of this subject but does not state that it has been done.",
  },
  quoted: "{where} quotes such a clause; the agreement itself does not contain it.",
};

/**
 * What a deviating gap required and found, in words ("S-3 or S-3ASR", "S-1"). Only for text
 * values: a missing value or a flag has nothing to quote, and the message says what is wanted.
 */
function expectedAndActual(req: RequirementSpec, found: CapturedValue | undefined): { expected: string; actual: string } | undefined {
  const expected = typeof req.equals === "string" ? req.equals : req.oneOf !== undefined ? listInWords([req.oneOf].flat()) : undefined;
  if (expected === undefined || !isPresent(found) || typeof found === "boolean") return undefined;
  return { expected, actual: Array.isArray(found) ? listInWords(found, "and") : (found as string) };
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
  const found = c?.cue ?? "";
  const fill = (message: RuleMessage) => fillMessage(pickMessage(message, values), { where, found, title: rule.title, values, parameters: Object.fromEntries(Object.entries(rule.parameters).map(([k, p]) => [k, p.value])) });
  const message = match(v)
    .with({ status: "pass" }, () => fill(rule.messages.pass))
    .with({ reason: "missing" }, () => fill(rule.messages.missing))
    .with({ reason: "deviating" }, { reason: "incomplete" }, (x) => fill(x.failed?.message ?? rule.messages.missing))
    .otherwise((x) => {
      const reason = x.reason as Exclude<Statement, "done">;
      const own = rule.messages[reason];
      if (own !== undefined) return fill(own);
      if (reason === "mentioned") return fill(found ? STATEMENT_MESSAGES.mentioned.cue : STATEMENT_MESSAGES.mentioned.none);
      return fill(STATEMENT_MESSAGES[reason]);
    });
  const result: RuleResult = {
    ruleId: rule.id,
    title: rule.title,
    status: v.status,
    severity: v.severity,
    message,
    values,
    evidence: c ? candidateEvidence(c, ctx) : [],
  };
  if (v.status === "gap" && rule.why) result.note = rule.why;
  if (v.reason) result.reason = v.reason;
  if (c) result.statement = c.statement;
  if (c?.cue) result.statementCue = c.cue;
  const compared = v.reason === "deviating" && v.failed ? expectedAndActual(v.failed, v.failedValue) : undefined;
  if (compared) Object.assign(result, compared);
  if (v.reason === "missing") {
    // The phrases in the rule language; a `regex:` escape hatch is no reading for a lawyer
    // (`clausecheck explain` lists every pattern).
    result.searched = rule.find.filter((p) => !p.source.startsWith("regex: ")).map((p) => p.source);
    if (rule.usually) result.usualPlace = rule.usually;
  }
  return result;
}
