import { existsSync, lstatSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ClauseCheckError } from "../errors.js";
import { packagePath } from "../package-path.js";
import { readBoundedText } from "../read-bounded.js";
import { loadRules, type RuleSettings } from "../rules/load-rules.js";
import type { ParameterValue, RuleSet } from "../rules/rule-types.js";
import { didYouMean } from "../rules/suggest.js";
import type { Severity } from "../types.js";
import { schema, validator } from "../validators.js";
import { type FileProblem, type Locate, parseYaml, schemaProblems } from "../yaml-file.js";

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
  /** `file:line` of the waiver, for the report. */
  source: string;
}

/** A config file, read and validated. */
export interface Config {
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
  throw new ClauseCheckError("CONFIG", `${first.message}${more}`, first);
}

/** Reads and validates a config file; throws ClauseCheckError (CONFIG) at file:line:column. */
export function loadConfig(file: string): Config {
  // Only a regular file, at most 1 MB: a FIFO or a link to a device neither hangs nor fills memory.
  const text = readBoundedText(file, "config file", "CONFIG");
  const yaml = parseYaml(text, file, "CONFIG");
  if (yaml.problems.length) fail(yaml.problems);
  const data = (yaml.data ?? {}) as {
    rules?: string[];
    disable?: string[];
    severity?: Record<string, Severity>;
    parameters?: Record<string, Record<string, ParameterValue>>;
    vocabularies?: Record<string, Record<string, string[]>>;
    waivers?: { rule: string; document: string; reason: string; approvedBy?: string }[];
    sidecarWaivers?: boolean;
  };
  const validateConfig = validator("config");
  if (!validateConfig(data)) fail(schemaProblems(validateConfig.errors ?? [], file, yaml.locate, schema("config"), "CONFIG"));
  // A waiver's glob is matched by a backtracking regular expression: each run of stars multiplies
  // the work by the length of the name (`*a*a*a*a*a*b` took minutes), so a pattern is bounded.
  (data.waivers ?? []).forEach((w, i) => {
    const stars = (w.document.match(/\*+/g) ?? []).length;
    if (w.document.length > MAX_WAIVER_PATTERN || stars > MAX_WAIVER_STARS) {
      fail([{ file, ...yaml.locate(["waivers", i, "document"]), code: "CONFIG", message: `the waiver's document pattern is too complex (at most ${MAX_WAIVER_STARS} runs of * and ${MAX_WAIVER_PATTERN} characters): name the documents more plainly` }]);
    }
  });
  const dir = dirname(resolve(file));
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
      const waiver: Waiver = { rule: w.rule, document: w.document, reason: w.reason, baseDir: dir, source: `${file}:${yaml.locate(["waivers", i]).line}` };
      if (w.approvedBy) waiver.approvedBy = w.approvedBy;
      return waiver;
    }),
    sidecarWaivers: data.sidecarWaivers !== false,
    locate: yaml.locate,
  };
}

/**
 * Loads the rules a config selects, with its severities and parameters, and checks that every
 * rule id and parameter it names exists (a misspelling is an error at file:line:column).
 */
export function loadConfiguredRules(config: Config): RuleSet {
  const all = loadRules(config.rules, { ...config.settings, disable: [] });
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
    for (const name of Object.keys(s.parameters ?? {})) {
      const declared = Object.keys(rule.parameters);
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
  if (problems.length) fail(problems);
  const disabled = new Set(config.settings.disable ?? []);
  return { dir: all.dir, rules: all.rules.filter((r) => !disabled.has(r.id)) };
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
