import { existsSync, lstatSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ClauseCheckError } from "../errors.js";
import { packagePath } from "../package-path.js";
import { readBoundedText } from "../read-bounded.js";
import { loadRules, type RuleSettings } from "../rules/load-rules.js";
import type { ParameterValue, RuleSet } from "../rules/rule-types.js";
import { canonicalChoice, unknownChoice } from "../rules/parameter-choices.js";
import { didYouMean } from "../rules/suggest.js";
import type { Severity } from "../types.js";
import { schema, validator } from "../validators.js";
import { type FileProblem, type Locate, locatePointer, parseYaml, schemaProblems } from "../yaml-file.js";

/** Names a config file may have, looked for in the working folder and its parents. */
export const CONFIG_NAMES = ["clausecheck.config.yaml", "clausecheck.config.yml", "clausecheck.config.json"];

/** Most runs of `*` in a waiver's document pattern (`**` counts once), so matching stays fast. */
export const MAX_WAIVER_STARS = 3;
/** Longest waiver document pattern, in characters. */
export const MAX_WAIVER_PATTERN = 1024;

/** A gap accepted for a document, with the reason and where the waiver was written. */
export interface Waiver {
  rule: string;
  /** Path or glob, relative to `baseDir`. */
  document: string;
  reason: string;
  approvedBy?: string;
  /** Folder the document pattern is relative to. */
  baseDir: string;
  /** `file:line` of the waiver, for the report (`name#/waivers/0` for a config given as an object). */
  source: string;
}

/** A config, read from its file or given as an object of the same shape, and validated. */
export interface Config {
  /** The config file, or the name given to a config object. */
  file: string;
  /** Rule folders, absolute. */
  rules: string[];
  settings: RuleSettings;
  waivers: Waiver[];
  /** False when the config says `sidecarWaivers: false`: sidecars next to documents are not read. */
  sidecarWaivers: boolean;
  /** Where each entry stands, to locate problems found once the rules are loaded. */
  locate: Locate;
}


/** The config file in `from` or the nearest parent folder, if any. */
export function findConfig(from = process.cwd()): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function fail(problems: FileProblem[]): never {
  const first = problems[0] as FileProblem;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  // Data given as an object has no lines: its place is a JSON pointer.
  throw new ClauseCheckError("CONFIG", `${first.message}${more}`, first.pointer === undefined ? first : { file: first.file, pointer: first.pointer });
}

/** A waiver as a config file writes it. */
export interface WaiverSpec {
  rule: string;
  /** A path or glob pattern, relative to the config file (or to `baseDir` for a config given as an object). */
  document: string;
  reason: string;
  approvedBy?: string;
}

/** A config as clausecheck.config.yaml writes it (schemas/config.schema.json). */
export interface ConfigFile {
  /** Rule folders, relative to the config; `bundled` for the rules that ship with clausecheck. */
  rules?: string[];
  disable?: string[];
  severity?: Record<string, Severity>;
  parameters?: Record<string, Record<string, ParameterValue>>;
  vocabularies?: Record<string, Record<string, string[]>>;
  waivers?: WaiverSpec[];
  /** `false`: waiver sidecars next to documents are not read, only the config's own waivers. */
  sidecarWaivers?: boolean;
}

/** For a config given as an object: where its relative paths start, and the name errors and waivers cite. */
export interface ConfigOptions {
  /** The folder rule folders and waiver documents are relative to (default: the working folder). */
  baseDir?: string;
  /** The name that stands for the config in errors and in a waiver's source (default: `config`). */
  name?: string;
}

/**
 * Reads and validates a config: a file (`clausecheck.config.yaml`), or an object of the same
 * shape. Throws ClauseCheckError (CONFIG) at the file's line:column, or for an object at a JSON
 * pointer (`config#/parameters/governing-law`); the message names the place.
 */
export function loadConfig(source: string | ConfigFile, options: ConfigOptions = {}): Config {
  if (typeof source !== "string") {
    return configFrom(source, options.name ?? "config", resolve(options.baseDir ?? process.cwd()), locatePointer, (i) => `${options.name ?? "config"}#/waivers/${i}`);
  }
  const file = source;
  // Only a regular file, at most 1 MB: a FIFO or a link to a device neither hangs nor fills memory.
  const text = readBoundedText(file, "config file", "CONFIG");
  const yaml = parseYaml(text, file, "CONFIG");
  if (yaml.problems.length) fail(yaml.problems);
  return configFrom(yaml.data ?? {}, file, dirname(resolve(file)), yaml.locate, (i) => `${file}:${yaml.locate(["waivers", i]).line}`);
}

/** A config from its data (parsed from a file or given as an object), validated. */
function configFrom(input: unknown, file: string, dir: string, locate: Locate, waiverSource: (index: number) => string): Config {
  const validateConfig = validator("config");
  if (!validateConfig(input)) fail(schemaProblems(validateConfig.errors ?? [], file, locate, schema("config"), "CONFIG"));
  const data = input as ConfigFile;
  // A waiver's glob is matched by a backtracking regular expression: each run of stars multiplies
  // the work by the length of the name (`*a*a*a*a*a*b` took minutes), so a pattern is bounded.
  (data.waivers ?? []).forEach((w, i) => {
    const stars = (w.document.match(/\*+/g) ?? []).length;
    if (w.document.length > MAX_WAIVER_PATTERN || stars > MAX_WAIVER_STARS) {
      fail([{ file, ...locate(["waivers", i, "document"]), code: "CONFIG", message: `the waiver's document pattern is too complex (at most ${MAX_WAIVER_STARS} runs of * and ${MAX_WAIVER_PATTERN} characters): name the documents more plainly` }]);
    }
  });
  // A null-prototype object: a rule id such as "__proto__" stays a plain key, reported as unknown.
  const rules: NonNullable<RuleSettings["rules"]> = Object.create(null);
  for (const [id, severity] of Object.entries(data.severity ?? {})) rules[id] = { ...rules[id], severity };
  for (const [id, parameters] of Object.entries(data.parameters ?? {})) rules[id] = { ...rules[id], parameters };
  const settings: RuleSettings = { rules };
  if (data.disable) settings.disable = data.disable;
  if (data.vocabularies) settings.vocabularies = data.vocabularies;
  return {
    file,
    rules: (data.rules ?? ["bundled"]).map((r) => (r === "bundled" ? packagePath("rules") : resolve(dir, r))),
    settings,
    waivers: (data.waivers ?? []).map((w, i) => {
      const waiver: Waiver = { rule: w.rule, document: w.document, reason: w.reason, baseDir: dir, source: waiverSource(i) };
      if (w.approvedBy) waiver.approvedBy = w.approvedBy;
      return waiver;
    }),
    sidecarWaivers: data.sidecarWaivers !== false,
    locate,
  };
}

/**
 * Loads the rules a config selects, with its severities and parameters, and checks that every
 * rule id and parameter it names exists (a misspelling is an error at file:line:column).
 */
export function loadConfiguredRules(config: Config): RuleSet {
  const all = loadRules(config.rules, { ...config.settings, disable: [] });
  const problems = configProblems(config, all);
  if (problems.length) fail(problems);
  const disabled = new Set(config.settings.disable ?? []);
  return { dir: all.dir, rules: all.rules.filter((r) => !disabled.has(r.id)) };
}

/**
 * Every mistake of a config against the rules it selects (`all`, loaded with its settings and
 * none disabled): a rule id, parameter or waiver's rule that does not exist, each located at
 * file:line:column with a suggestion.
 */
export function configProblems(config: Config, all: RuleSet): FileProblem[] {
  const ids = all.rules.map((r) => r.id);
  const problems: FileProblem[] = [];
  /** `key`: the id is a key (severity:, parameters:); otherwise a value (a waiver's rule:). */
  const unknownRule = (id: string, path: (string | number)[], key: boolean) => {
    const hint = didYouMean(id, ids);
    problems.push({ file: config.file, ...config.locate(path, key), code: "CONFIG", message: `no rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ` (the rules are: ${ids.join(", ")})`}` });
  };
  (config.settings.disable ?? []).forEach((id, i) => {
    if (!ids.includes(id)) problems.push({ file: config.file, ...config.locate(["disable", i]), code: "CONFIG", message: `no rule "${id}" to disable${didYouMean(id, ids) ? ` (did you mean "${didYouMean(id, ids)}"?)` : ""}` });
  });
  for (const [id, s] of Object.entries(config.settings.rules ?? {})) {
    const rule = Object.hasOwn(config.settings.rules ?? {}, id) ? all.rules.find((r) => r.id === id) : undefined;
    if (!rule) {
      unknownRule(id, [s.parameters ? "parameters" : "severity", id], true);
      continue;
    }
    for (const [name, value] of Object.entries(s.parameters ?? {})) {
      const declared = Object.keys(rule.parameters);
      const choices = rule.parameters[name]?.choices;
      if (choices) {
        // Each name must be one the rule's vocabulary has, in any case and spacing.
        (Array.isArray(value) ? value : [value]).forEach((v, i) => {
          if (typeof v !== "string" || canonicalChoice(v, choices) !== undefined) return;
          problems.push({
            file: config.file,
            ...config.locate(["parameters", id, name, ...(Array.isArray(value) ? [i] : [])]),
            code: "CONFIG",
            message: `rule "${id}", parameter "${name}": ${unknownChoice(v, choices, rule.vocabularies)}`,
          });
        });
      }
      if (!declared.includes(name)) {
        const hint = didYouMean(name, declared);
        problems.push({
          file: config.file,
          ...config.locate(["parameters", id, name], true),
          code: "CONFIG",
          message: `rule "${id}" has no parameter "${name}"${hint ? ` (did you mean "${hint}"?)` : declared.length ? ` (its parameters: ${declared.join(", ")})` : " (it has none)"}`,
        });
      }
    }
  }
  config.waivers.forEach((w, i) => {
    if (!ids.includes(w.rule)) unknownRule(w.rule, ["waivers", i, "rule"], false);
  });
  return problems;
}

/** What sets waivers aside: `--no-config` (`config: false`) and `--no-waivers` (`waivers: false`). */
export interface WaiverChoice {
  config?: string | false;
  waivers?: boolean;
}

/** The config's waivers in force: none with --no-waivers. */
export function configWaiversInForce(config: Config | undefined, choice: WaiverChoice): Waiver[] {
  return choice.waivers === false ? [] : (config?.waivers ?? []);
}

/**
 * The sidecar waivers in force for a document: none with --no-config (every policy file set
 * aside), --no-waivers, or a config that says `sidecarWaivers: false`.
 */
export function sidecarWaiversInForce(document: string, config: Config | undefined, choice: WaiverChoice): Waiver[] {
  return choice.config === false || choice.waivers === false || config?.sidecarWaivers === false ? [] : sidecarWaivers(document);
}

/** Waivers in the sidecar file next to a document (`deal.txt.waivers.yaml`), if there is one. */
export function sidecarWaivers(document: string): Waiver[] {
  const file = `${document}.waivers.yaml`;
  if (!lexists(file)) return [];
  // Only a regular file, at most 1 MB: a sidecar that is a FIFO or a link to /dev/zero is refused in one line.
  const yaml = parseYaml(readBoundedText(file, "waiver sidecar", "CONFIG"), file, "CONFIG");
  if (yaml.problems.length) fail(yaml.problems);
  const validateSidecar = validator("sidecar");
  const definitions = schema("config").definitions as Record<string, object>;
  if (!validateSidecar(yaml.data)) fail(schemaProblems(validateSidecar.errors ?? [], file, yaml.locate, { definitions, ...(definitions.sidecar as object) }, "CONFIG"));
  const data = yaml.data as { waivers: { rule: string; reason: string; approvedBy?: string }[] };
  return data.waivers.map((w, i) => {
    const waiver: Waiver = { rule: w.rule, document, reason: w.reason, baseDir: process.cwd(), source: `${file}:${yaml.locate(["waivers", i]).line}` };
    if (w.approvedBy) waiver.approvedBy = w.approvedBy;
    return waiver;
  });
}

/** True when something stands at `path`, even a dangling link (which the read then reports). */
function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
