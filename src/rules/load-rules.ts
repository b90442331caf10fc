import { readdirSync, statSync } from "node:fs";
import { readBoundedText } from "../read-bounded.js";
import { basename, join } from "node:path";
import type { NestedCondition, TopLevelCondition } from "json-rules-engine";
import { displayPath } from "../display-path.js";
import { ClauseCheckError, isClauseCheckError } from "../errors.js";
import { type FileProblem, type Locate, parseYaml, schemaProblems } from "../yaml-file.js";
import { schema, validator } from "../validators.js";
import { type VocabularyAdditions, readVocabularyFiles, vocabulariesWith } from "./load-vocabularies.js";
import { registerRuleAnchors } from "./anchors.js";
import { type PatternSpec, compileRulePattern } from "./pattern.js";
import type { FrameKind, Severity } from "../types.js";
import type { Capture, CompiledPattern, ParameterValue, RequirementSpec, Rule, RuleMessage, RuleSet, RuleSpec } from "./rule-types.js";
import { didYouMean } from "./suggest.js";
import { parsedAtBuild } from "./parsed-at-build.js";
import { canonicalValue, parameterChoices, parameterName } from "./parameter-choices.js";

/** One problem in a rule file, located at `file:line:column`. */
export type RuleProblem = FileProblem;

/** Statements each `require.statement` accepts. */
const ACCEPTED: Record<RuleSpec["require"]["statement"], readonly string[]> = {
  done: ["done"],
  affirmative: ["done", "future", "conditional", "mentioned"],
  // "quoted" (a form in an exhibit) meets no rule: the agreement itself must say it.
};

/**
 * Frames that are no provision of the agreement, whatever the rule: a predicate inside a
 * condition ("If the Purchaser is an accredited investor"), a proviso or cap, a closing
 * condition, an exclusion, a definition. Only a provision a condition governs ("in the event
 * that …, it shall be binding") is still one.
 */
const NOT_A_PROVISION: readonly FrameKind[] = ["condition", "proviso", "closing condition", "exclusion", "definition"];

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
export function loadRules(dir: string | string[], settings: RuleSettings = {}): RuleSet {
  const dirs = Array.isArray(dir) ? dir : [dir];
  const { rules, problems } = readRules(dirs, settings);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""}; run clausecheck rules validate)` : "";
    throw new ClauseCheckError(first.code, `${first.message}${more}`, first);
  }
  if (rules.length === 0 && !settings.disable?.length) {
    throw new ClauseCheckError("RULES_EMPTY", "holds no rule files (.yaml, .yml or .json)", { file: dirs.join(", ") });
  }
  const disabled = new Set(settings.disable ?? []);
  return { dir: dirs.join(", "), rules: rules.filter((r) => !disabled.has(r.id)) };
}

/**
 * Every problem in the rule files of `dir`, in file order; with `settings` (a config's), the
 * rules are read as the config has them (its vocabularies and parameter values).
 */
export function validateRules(dir: string | string[], settings: RuleSettings = {}): RuleProblem[] {
  return readRules(Array.isArray(dir) ? dir : [dir], settings).problems;
}

/** What a config file changes in one rule file. */
export interface RuleFileSettings {
  severity?: Severity;
  parameters?: Record<string, ParameterValue>;
  /** Entries the config adds to vocabularies. */
  vocabularies?: VocabularyAdditions;
}

/** What a config file changes in the rules, without editing them. */
export interface RuleSettings {
  /** Entries added to vocabularies, by vocabulary name. */
  vocabularies?: VocabularyAdditions;
  /** Rule ids to leave out. */
  disable?: string[];
  /** Per rule id: a severity replacing the rule's own, and parameter values. */
  rules?: Record<string, { severity?: Severity; parameters?: Record<string, ParameterValue> }>;
}

function readRules(dirs: string[], settings: RuleSettings): { rules: Rule[]; problems: RuleProblem[] } {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const ids = new Map<string, string>();
  // The vocabularies' own problems, once for the whole rule set.
  problems.push(...readVocabularyFiles().problems);
  for (const file of dirs.flatMap(ruleFiles)) {
    const id = basename(file).replace(/\.(?:ya?ml|json)$/i, "");
    const own = settings.rules && Object.hasOwn(settings.rules, id) ? settings.rules[id] : undefined;
    const result = readRuleFile(file, settings.vocabularies ? { ...own, vocabularies: settings.vocabularies } : own);
    problems.push(...result.problems);
    if (!result.rule) continue;
    const seen = ids.get(result.rule.id);
    if (seen) {
      problems.push({ file, ...(result.idAt?.() ?? { line: 1, column: 1 }), code: "RULE_DUPLICATE", message: `rule id "${result.rule.id}" is already used by ${displayPath(seen)}` });
      continue;
    }
    ids.set(result.rule.id, file);
    rules.push(result.rule);
  }
  // One scan of each document finds every rule's anchor words.
  registerRuleAnchors(rules);
  return { rules, problems };
}

/** What reading one rule file gave: the rule, or every problem located in the file. */
export interface RuleFileResult {
  rule?: Rule;
  problems: RuleProblem[];
  idAt?: () => { line: number; column: number };
}

/** Reads, validates and compiles one rule file. */
export function readRuleFile(file: string, settings: RuleFileSettings = {}): RuleFileResult {
  let text: string;
  try {
    // Only a regular file, at most 1 MB.
    text = readBoundedText(file, "rule file", "EREAD");
  } catch (e) {
    const message = isClauseCheckError(e) ? e.message : `cannot be read (${(e as NodeJS.ErrnoException).code})`;
    return { problems: [{ file, line: 1, column: 1, code: "EREAD", message }] };
  }
  return ruleFromText(text, file, settings);
}

/**
 * Validates and compiles a rule from its text, as a rule file holds it: what `rules validate`
 * does for one file, for a rule that is not on disk (the review desk's playground). `file` names
 * it in problems; with `anyId`, its id need not match that name. Every problem is located at
 * line:column in the text. Running the rule adds its anchor words to this thread's scan
 * (src/rules/anchors.ts) and its vocabulary additions to this thread's cache: a server running
 * rules sent by clients does so on a thread of its own (src/serve/playground-worker.ts).
 */
export function ruleFromText(text: string, file: string, settings: RuleFileSettings = {}, options: { anyId?: boolean } = {}): RuleFileResult {
  // The bundled rules were parsed and checked against the schema by the build: a file whose text
  // is unchanged skips the YAML parser (the largest part of a cold start), which runs only if a
  // problem must be located, and the schema check.
  const cached = parsedAtBuild(text);
  let data: unknown;
  let locate: Locate;
  if (cached !== undefined) {
    data = cached;
    let parsed: Locate | undefined;
    locate = (path, key) => (parsed ??= parseYaml(text, file, "RULE_SYNTAX").locate)(path, key);
  } else {
    const yaml = parseYaml(text, file, "RULE_SYNTAX");
    if (yaml.problems.length > 0) return { problems: yaml.problems };
    ({ data, locate } = yaml);
  }
  // A rule the build parsed passed the schema there (scripts/build-validators.mjs keeps no other).
  const validateRuleSpec = cached === undefined ? validator("rule") : undefined;
  if (validateRuleSpec && !validateRuleSpec(data)) {
    return { problems: schemaProblems(validateRuleSpec.errors ?? [], file, locate, schema("rule"), "RULE_SCHEMA") };
  }
  const spec = data as RuleSpec;
  const problems: RuleProblem[] = [];
  const expected = basename(file).replace(/\.(?:ya?ml|json)$/i, "");
  if (!options.anyId && spec.id !== expected) {
    problems.push({ file, ...locate(["id"]), code: "RULE_SCHEMA", message: `the id "${spec.id}" must match the file name "${expected}"` });
  }
  const vocabularyFiles = readVocabularyFiles();
  const vocabularies = vocabulariesWith(vocabularyFiles.specs, settings.vocabularies, spec.vocabulary);
  const compile = (pattern: PatternSpec, path: (string | number)[], value?: string): CompiledPattern | undefined => {
    const result = compileRulePattern(pattern, { vocabularies }, value);
    if ("problem" in result) {
      const where = typeof pattern === "string" ? locate(path, false, result.offset ?? 0) : locate([...path, "regex"]);
      problems.push({ file, ...where, code: "RULE_PATTERN", message: result.problem });
      return undefined;
    }
    return result.pattern;
  };
  const find = spec.clause.find.map((p, i) => compile(p, ["clause", "find", i]));
  const ignore = (spec.clause.ignore ?? []).map((p, i) => compile(p, ["clause", "ignore", i]));
  const nearMisses = (spec.clause.nearMisses ?? []).map((n, i) => compile(n.find, ["clause", "nearMisses", i, "find"], n.means));
  const captures: Capture[] = [];
  for (const [name, c] of Object.entries(spec.clause.capture ?? {})) {
    const kinds = (["first", "oneOf", "all", "flag"] as const).filter((k) => c[k] !== undefined);
    const kind = kinds[0];
    if (kinds.length !== 1 || !kind) {
      problems.push({ file, ...locate(["clause", "capture", name]), code: "RULE_SCHEMA", message: `capture "${name}" needs exactly one of first, oneOf, all or flag` });
      continue;
    }
    const listed = kind === "oneOf" || kind === "all" ? Object.entries(c[kind] ?? {}) : [[undefined, c[kind] as PatternSpec] as const];
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
  // Values come from captures and from the slots of find patterns ({jurisdiction}).
  const slotNames = find.flatMap((p) => p?.phrase?.program.slots.map((sl) => sl.name) ?? []);
  const names = [...new Set([...captures.map((c) => c.name), ...slotNames])];
  checkReferences(spec, names, file, locate, problems);
  // A firm writes names in any case and spacing: "New york" is New York (config.ts reports
  // a name no vocabulary has).
  const choices = parameterChoices(spec.require.values ?? [], find, captures, vocabularies);
  const parameters: Rule["parameters"] = Object.fromEntries(
    Object.entries(spec.parameters ?? {}).map(([name, p]) => {
      // Own properties only: a parameter named "valueOf" not set in the config is its default, not Object.prototype.valueOf.
      const set = settings.parameters && Object.hasOwn(settings.parameters, name) ? settings.parameters[name] : undefined;
      const own = choices.get(name);
      const value = set === undefined ? p.default : canonicalValue(set, own);
      return [name, { description: p.description.trim(), value, default: p.default, ...(own ? { choices: own } : {}) }];
    }),
  );
  checkParameters(spec, parameters, file, locate, problems);
  if (problems.length > 0) return { problems };
  const requirements = resolveRequirements(spec.require.values ?? [], parameters, settings.severity);
  const rule: Rule = {
    id: spec.id,
    title: spec.title,
    severity: settings.severity ?? spec.severity,
    description: spec.description.trim(),
    file,
    find: find.filter((p): p is CompiledPattern => p !== undefined),
    ignore: ignore.filter((p): p is CompiledPattern => p !== undefined),
    nearMisses: nearMisses.filter((p): p is CompiledPattern => p !== undefined),
    scope: spec.clause.scope ?? "sentence",
    captures,
    statement: spec.require.statement,
    requirements,
    parameters,
    messages: spec.messages,
    examples: spec.examples,
    conditions: buildConditions(spec.require.statement, requirements),
    vocabularies,
  };
  if (spec.why) rule.why = spec.why.trim();
  if (spec.usually) rule.usually = spec.usually.trim();
  return { rule, problems, idAt: () => locate(["id"]) };
}

/** Requirements and messages may only name values the rule captures. */
function checkReferences(
  spec: RuleSpec,
  names: string[],
  file: string,
  locate: Locate,
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
  for (const [k, m] of Object.entries(spec.messages)) {
    if (typeof m === "string") placeholders.push([m, ["messages", k]]);
    else checkAlternatives(m ?? [], ["messages", k]);
  }
  function checkAlternatives(list: Exclude<RuleMessage, string>, path: (string | number)[]) {
    list.forEach((alt, i) => {
      placeholders.push([alt.message, [...path, i, "message"]]);
      (alt.when ?? []).forEach((name, j) => {
        if (!names.includes(name)) unknown(name, [...path, i, "when", j]);
      });
    });
    if (list.length && list[list.length - 1]?.when) {
      problems.push({ file, ...locate([...path, list.length - 1]), code: "RULE_SCHEMA", message: "the last message of a list must have no when: it is the one used when no other applies" });
    }
  }
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

/** The parameter declared under `name`, never a member every object inherits. */
function ownParameter(parameters: Rule["parameters"], name: string): Rule["parameters"][string] | undefined {
  return Object.hasOwn(parameters, name) ? parameters[name] : undefined;
}

/** Requirements with parameters filled in; one whose parameter is empty ("any") is left out. */
function resolveRequirements(
  list: RequirementSpec[],
  parameters: Rule["parameters"],
  severity: Severity | undefined,
): RequirementSpec[] {
  const out: RequirementSpec[] = [];
  for (const r of list) {
    const resolved: RequirementSpec = { ...r };
    if (severity && r.severity) resolved.severity = severity;
    if (r.any) resolved.any = resolveRequirements(r.any, parameters, severity);
    const oneOfParam = parameterName(r.oneOf);
    if (oneOfParam) {
      const value = ownParameter(parameters, oneOfParam)?.value;
      const list = Array.isArray(value) ? value : value === undefined || value === "" ? [] : [String(value)];
      if (list.length === 0) continue;
      resolved.oneOf = list;
    }
    const equalsParam = parameterName(r.equals);
    if (equalsParam) {
      const value = ownParameter(parameters, equalsParam)?.value;
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
      if (Array.isArray(value)) {
        delete resolved.equals;
        resolved.oneOf = value;
      } else resolved.equals = value;
    }
    out.push(resolved);
  }
  return out;
}

/** Every "$name" a requirement uses must be a declared parameter of a fitting kind. */
function checkParameters(spec: RuleSpec, parameters: Rule["parameters"], file: string, locate: Locate, problems: RuleProblem[]): void {
  const declared = Object.keys(parameters);
  // Names every object inherits (valueOf, toString, constructor, __proto__…) would be confused with them.
  for (const name of declared) {
    if (name in Object.prototype) {
      problems.push({ file, ...locate(["parameters", name], true), code: "RULE_SCHEMA", message: `"${name}" is a reserved name and cannot be a parameter (choose another, e.g. "${name}Setting")` });
    }
  }
  const walk = (r: RequirementSpec, path: (string | number)[]) => {
    for (const key of ["oneOf", "equals"] as const) {
      const name = parameterName(r[key]);
      if (!name) continue;
      const p = ownParameter(parameters, name);
      if (!p) {
        const hint = didYouMean(name, declared);
        problems.push({ file, ...locate([...path, key]), code: "RULE_REFERENCE", message: `"$${name}" is not a parameter of this rule${hint ? ` (did you mean "$${hint}"?)` : declared.length ? ` (its parameters: ${declared.join(", ")})` : " (it declares none under parameters:)"}` });
      } else if (key === "oneOf" && !Array.isArray(p.value) && typeof p.value !== "string") {
        problems.push({ file, ...locate([...path, key]), code: "RULE_REFERENCE", message: `oneOf needs a list, but "$${name}" is ${JSON.stringify(p.value)}` });
      }
    }
    r.any?.forEach((a, i) => walk(a, [...path, "any", i]));
    quoted(r.message, [...path, "message"]);
  };
  // A message may quote a parameter's value in force: {$exchanges}.
  const quoted = (message: string | undefined, path: (string | number)[]) => {
    for (const m of (message ?? "").matchAll(/\{\$(\w+)\}/g)) {
      const name = m[1] as string;
      if (parameters[name]) continue;
      const hint = didYouMean(name, declared);
      problems.push({ file, ...locate(path), code: "RULE_REFERENCE", message: `"{$${name}}" is not a parameter of this rule${hint ? ` (did you mean "{$${hint}}"?)` : declared.length ? ` (its parameters: ${declared.join(", ")})` : ""}` });
    }
  };
  (spec.require.values ?? []).forEach((r, i) => walk(r, ["require", "values", i]));
  for (const [k, m] of Object.entries(spec.messages)) {
    // A message, or a list of alternatives (each with its own message).
    if (typeof m === "string" || m === undefined) quoted(m, ["messages", k]);
    else m.forEach((alt, i) => quoted(alt.message, ["messages", k, i, "message"]));
  }
}

/**
 * The json-rules-engine conditions of a rule, all on the `clause` fact: the clause is found,
 * stated as required, and each value requirement holds. Each condition is named so a failed
 * one can be traced back to the requirement that produced it.
 */
function buildConditions(statement: RuleSpec["require"]["statement"], requirements: RequirementSpec[]): TopLevelCondition {
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
      { fact: "clause", path: "statement", operator: "in", value: [...ACCEPTED[statement]], name: "statement" },
      // `done` accepts no framed statement anyway: one condition less to run per clause.
      ...(statement === "affirmative" ? [{ fact: "clause", path: "frame", operator: "notIn", value: [...NOT_A_PROVISION], name: "frame" }] : []),
      ...requirements.map((r, i) => requirement(r, `value.${i}`)),
    ],
  };
}

