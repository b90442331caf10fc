import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { ErrorObject } from "ajv";
import type { NestedCondition, TopLevelCondition } from "json-rules-engine";
import { LineCounter, type Node, parseDocument, isMap, isPair, isScalar, type Document } from "yaml";
import { ClauseCheckError, type ErrorCode } from "../errors.js";
import { ruleSchemaKeys, validateRuleSpec } from "./ajv.js";
import { compilePattern, patternProblem } from "./pattern.js";
import type { Capture, CompiledPattern, RequirementSpec, Rule, RuleSet, RuleSpec } from "./rule-types.js";
import { didYouMean } from "./suggest.js";

/** One problem in a rule file, located at `file:line:column`. */
export interface RuleProblem {
  file: string;
  /** Line, from 1. */
  line: number;
  /** Column, from 1. */
  column: number;
  code: ErrorCode;
  message: string;
}

/** Statements each `require.statement` accepts. */
const ACCEPTED: Record<RuleSpec["require"]["statement"], readonly string[]> = {
  done: ["done"],
  affirmative: ["done", "future", "conditional", "mentioned"],
  // "quoted" (a form in an exhibit) meets no rule: the agreement itself must say it.
};

/** Rule files are the .yaml, .yml and .json files of a folder (README and dot-files aside). */
export function ruleFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ClauseCheckError("USAGE", "is not a folder of rule files", { file: dir });
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof ClauseCheckError) throw e;
    throw new ClauseCheckError("ENOENT", "no such folder of rule files", { file: dir });
  }
  return names
    .filter((n) => /\.(?:ya?ml|json)$/i.test(n) && !n.startsWith("."))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Loads and compiles every rule in `dir`. Throws a ClauseCheckError naming the first problem
 * (file:line:column) if any rule file is invalid; `validateRules` lists them all.
 */
export function loadRules(dir: string): RuleSet {
  const { rules, problems } = readRules(dir);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""}; run clausecheck rules validate)` : "";
    throw new ClauseCheckError(first.code, `${first.message}${more}`, first);
  }
  if (rules.length === 0) throw new ClauseCheckError("RULES_EMPTY", "holds no rule files (.yaml, .yml or .json)", { file: dir });
  return { dir, rules };
}

/** Every problem in the rule files of `dir`, in file order. */
export function validateRules(dir: string): RuleProblem[] {
  return readRules(dir).problems;
}

function readRules(dir: string): { rules: Rule[]; problems: RuleProblem[] } {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const ids = new Map<string, string>();
  for (const file of ruleFiles(dir)) {
    const result = readRuleFile(file);
    problems.push(...result.problems);
    if (!result.rule) continue;
    const seen = ids.get(result.rule.id);
    if (seen) {
      problems.push({ file, line: 1, column: 1, code: "RULE_DUPLICATE", message: `rule id "${result.rule.id}" is already used by ${seen}` });
      continue;
    }
    ids.set(result.rule.id, file);
    rules.push(result.rule);
  }
  return { rules, problems };
}

/** Reads, validates and compiles one rule file. */
export function readRuleFile(file: string): { rule?: Rule; problems: RuleProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { problems: [{ file, line: 1, column: 1, code: "EREAD", message: `cannot be read (${(e as NodeJS.ErrnoException).code})` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const { line, col } = at(e.pos[0]);
        return { file, line, column: col, code: "RULE_SYNTAX" as const, message: `YAML syntax: ${e.message.split("\n")[0]}` };
      }),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 10 });
  const locate = (path: (string | number)[], key = false) => locateNode(doc, path, key, at);
  if (!validateRuleSpec(data)) {
    return { problems: schemaProblems(validateRuleSpec.errors ?? [], file, locate) };
  }
  const spec = data as RuleSpec;
  const problems: RuleProblem[] = [];
  const expected = basename(file).replace(/\.(?:ya?ml|json)$/i, "");
  if (spec.id !== expected) {
    problems.push({ file, ...locate(["id"]), code: "RULE_SCHEMA", message: `the id "${spec.id}" must match the file name "${expected}"` });
  }
  const compile = (pattern: string, path: (string | number)[], value?: string): CompiledPattern | undefined => {
    const problem = patternProblem(pattern);
    if (problem) {
      problems.push({ file, ...locate(path), code: "RULE_PATTERN", message: problem });
      return undefined;
    }
    return value === undefined ? { source: pattern, re: compilePattern(pattern) } : { source: pattern, value, re: compilePattern(pattern) };
  };
  const find = spec.clause.find.map((p, i) => compile(p, ["clause", "find", i]));
  const ignore = (spec.clause.ignore ?? []).map((p, i) => compile(p, ["clause", "ignore", i]));
  const captures: Capture[] = [];
  for (const [name, c] of Object.entries(spec.clause.capture ?? {})) {
    const kinds = (["first", "oneOf", "all", "flag"] as const).filter((k) => c[k] !== undefined);
    const kind = kinds[0];
    if (kinds.length !== 1 || !kind) {
      problems.push({ file, ...locate(["clause", "capture", name]), code: "RULE_SCHEMA", message: `capture "${name}" needs exactly one of first, oneOf, all or flag` });
      continue;
    }
    const listed = kind === "oneOf" || kind === "all" ? Object.entries(c[kind] ?? {}) : [[undefined, c[kind] as string] as const];
    const patterns = listed.map(([value, p]) => compile(p, ["clause", "capture", name, kind, ...(value === undefined ? [] : [value])], value));
    captures.push({
      name,
      kind,
      patterns: patterns.filter((p): p is CompiledPattern => p !== undefined),
      in: c.in ?? "clause",
      definitions: c.definitions ?? true,
      case: c.case ?? "as-written",
    });
  }
  const names = captures.map((c) => c.name);
  checkReferences(spec, names, file, locate, problems);
  if (problems.length > 0) return { problems };
  const rule: Rule = {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    description: spec.description.trim(),
    file,
    find: find.filter((p): p is CompiledPattern => p !== undefined),
    ignore: ignore.filter((p): p is CompiledPattern => p !== undefined),
    scope: spec.clause.scope ?? "sentence",
    captures,
    statement: spec.require.statement,
    acceptedStatements: ACCEPTED[spec.require.statement],
    requirements: spec.require.values ?? [],
    messages: spec.messages,
    examples: spec.examples,
    conditions: buildConditions(spec),
  };
  if (spec.why) rule.why = spec.why.trim();
  if (spec.usually) rule.usually = spec.usually.trim();
  return { rule, problems };
}

/** Requirements and messages may only name values the rule captures. */
function checkReferences(
  spec: RuleSpec,
  names: string[],
  file: string,
  locate: (path: (string | number)[], key?: boolean) => { line: number; column: number },
  problems: RuleProblem[],
): void {
  const unknown = (name: string, path: (string | number)[]) => {
    const hint = didYouMean(name, names);
    problems.push({
      file,
      ...locate(path),
      code: "RULE_REFERENCE",
      message: `"${name}" is not a value this rule captures${hint ? ` (did you mean "${hint}"?)` : names.length ? ` (it captures: ${names.join(", ")})` : " (it captures none)"}`,
    });
  };
  const walkRequirement = (r: RequirementSpec, path: (string | number)[]) => {
    if (r.any) {
      r.any.forEach((a, i) => walkRequirement(a, [...path, "any", i]));
      if (r.value !== undefined || r.equals !== undefined || r.oneOf !== undefined || r.present !== undefined) {
        problems.push({ file, ...locate(path), code: "RULE_SCHEMA", message: "a requirement with any: cannot also name a value" });
      }
      return;
    }
    if (r.value === undefined) {
      problems.push({ file, ...locate(path), code: "RULE_SCHEMA", message: "a requirement needs value: (the captured value it is about) or any:" });
      return;
    }
    if (!names.includes(r.value)) unknown(r.value, [...path, "value"]);
    const tests = [r.equals, r.oneOf, r.present].filter((t) => t !== undefined).length;
    if (tests !== 1) {
      problems.push({ file, ...locate(path), code: "RULE_SCHEMA", message: `the requirement on "${r.value}" needs exactly one of equals, oneOf or present` });
    }
  };
  (spec.require.values ?? []).forEach((r, i) => walkRequirement(r, ["require", "values", i]));
  const placeholders: [string, (string | number)[]][] = [];
  for (const [k, m] of Object.entries(spec.messages)) if (m) placeholders.push([m, ["messages", k]]);
  const collectMessages = (r: RequirementSpec, path: (string | number)[]) => {
    placeholders.push([r.message, [...path, "message"]]);
    r.any?.forEach((a, i) => collectMessages(a, [...path, "any", i]));
  };
  (spec.require.values ?? []).forEach((r, i) => collectMessages(r, ["require", "values", i]));
  for (const [message, path] of placeholders) {
    for (const m of message.matchAll(/\{(\w+)\}/g)) {
      const name = m[1] as string;
      if (!["where", "found", "title"].includes(name) && !names.includes(name)) unknown(name, path);
    }
  }
  for (const [kind, list] of [["meets", spec.examples.meets], ["fails", spec.examples.fails]] as const) {
    list.forEach((ex, i) => {
      for (const name of Object.keys(ex.values ?? {})) if (!names.includes(name)) unknown(name, ["examples", kind, i, "values", name]);
    });
  }
}

/**
 * The json-rules-engine conditions of a rule, all on the `clause` fact: the clause is found,
 * stated as required, and each value requirement holds. Each condition is named so a failed
 * one can be traced back to the requirement that produced it.
 */
function buildConditions(spec: RuleSpec): TopLevelCondition {
  const requirement = (r: RequirementSpec, name: string): NestedCondition => {
    if (r.any) return { any: r.any.map((a, i) => requirement(a, `${name}.${i}`)), name };
    const path = `values.${r.value}`;
    if (r.present) return { fact: "clause", path, operator: "present", value: true, name };
    if (r.oneOf) return { fact: "clause", path, operator: "in", value: r.oneOf, name };
    return { fact: "clause", path, operator: "equal", value: r.equals, name };
  };
  return {
    all: [
      { fact: "clause", path: "found", operator: "equal", value: true, name: "found" },
      { fact: "clause", path: "statement", operator: "in", value: [...ACCEPTED[spec.require.statement]], name: "statement" },
      ...(spec.require.values ?? []).map((r, i) => requirement(r, `value.${i}`)),
    ],
  };
}

function schemaProblems(
  errors: ErrorObject[],
  file: string,
  locate: (path: (string | number)[], key?: boolean) => { line: number; column: number },
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let message: string;
    let where = locate(path);
    if (e.keyword === "additionalProperties") {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = ruleSchemaKeys(e.schemaPath);
      const hint = didYouMean(key, allowed);
      message = `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : allowed.length ? ` (expected one of: ${allowed.join(", ")})` : ""}`;
      where = locate([...path, key], true);
    } else if (e.keyword === "required") {
      message = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"${path.length ? ` in ${path.join(".")}` : ""}`;
    } else if (e.keyword === "enum") {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const got = String(e.data);
      const hint = didYouMean(got, allowed);
      message = `${path.join(".")} must be one of: ${allowed.join(", ")}${hint ? ` (did you mean "${hint}"?)` : ""}`;
    } else if (e.keyword === "const") {
      message = `${path.join(".")} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    } else if (e.keyword === "type") {
      message = `${path.join(".") || "the file"} must be ${(e.params as { type: string }).type === "object" ? "a mapping of keys to values" : `a ${(e.params as { type: string }).type}`}`;
    } else if (e.keyword === "pattern" && path.join(".") === "id") {
      message = "id must be lower-case words joined by hyphens, like governing-law";
    } else {
      message = `${path.join(".") || "the file"} ${e.message ?? "is invalid"}`;
    }
    const k = `${where.line}:${where.column}:${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push({ file, ...where, code: "RULE_SCHEMA", message });
  }
  return problems;
}

/** Line and column of the node at `path` (or of its key), falling back to the nearest ancestor. */
function locateNode(
  doc: Document,
  path: (string | number)[],
  key: boolean,
  at: (offset: number) => { line: number; col: number },
): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n).map((s) => (typeof s === "string" && /^\d+$/.test(s) ? Number(s) : s));
    if (key && n === path.length && n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(p[n - 1]));
        const range = (pair?.key as Node | undefined)?.range;
        if (range) return pos(at(range[0]));
      }
      continue;
    }
    const node = n === 0 ? doc.contents : (doc.getIn(p, true) as Node | undefined);
    if (node && typeof node === "object" && "range" in node && node.range) return pos(at(node.range[0]));
  }
  return { line: 1, column: 1 };
}

function pos(p: { line: number; col: number }): { line: number; column: number } {
  return { line: p.line, column: p.col };
}
