import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { packagePath } from "../package-path.js";
import { schema, validator } from "../validators.js";
import { type FileProblem, type Locate, parseYaml, schemaProblems } from "../yaml-file.js";
import { parsedAtBuild } from "./parsed-at-build.js";
import { patternProblem } from "./pattern.js";
import { buildVocabulary, type Vocabulary, type VocabularySpec, type VocabularyTables, vocabularyFromTables } from "./vocabulary.js";

/** The folder of vocabularies that ship with clausecheck. */
export const BUNDLED_VOCABULARIES = packagePath("vocabularies");

/** Entries to add to vocabularies, by vocabulary name (from a rule file or a firm's config). */
export type VocabularyAdditions = Record<string, Record<string, string[]>>;

/** The vocabularies of a folder, read and validated once per process. */
const cache = new Map<string, { specs: VocabularySpec[]; problems: FileProblem[] }>();

/** The specs read from the bundled folder when every file is as the build read it (see vocabulariesWith). */
const asBuilt = new WeakSet<VocabularySpec[]>();

/** The bundled vocabularies as the build stored them (dist/vocabularies.json), and the files it read. */
let stored: { files: string[]; vocabularies: [string, VocabularyTables][] } | null | undefined;
function storedVocabularies(): typeof stored {
  if (stored === undefined) {
    try {
      stored = JSON.parse(readFileSync(packagePath("dist", "vocabularies.json"), "utf8")) as NonNullable<typeof stored>;
    } catch {
      // Not built (running from sources): build them.
      stored = null;
    }
  }
  return stored;
}

/** Reads every vocabulary file of a folder (the bundled one by default). */
export function readVocabularyFiles(dir = BUNDLED_VOCABULARIES): { specs: VocabularySpec[]; problems: FileProblem[] } {
  const hit = cache.get(dir);
  if (hit) return hit;
  const specs: VocabularySpec[] = [];
  const problems: FileProblem[] = [];
  let names: string[] = [];
  let allFromBuild = true;
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith(".")).sort();
  } catch {
    // No folder: no vocabularies; a slot naming one is reported where it stands.
  }
  for (const name of names) {
    const file = join(dir, name);
    const text = readFileSync(file, "utf8");
    let data = parsedAtBuild(text);
    const fromBuild = data !== undefined;
    if (!fromBuild) allFromBuild = false;
    let locate: Locate | undefined;
    const locator = (): Locate => (locate ??= parseYaml(text, file, "RULE_SYNTAX").locate);
    if (data === undefined) {
      const yaml = parseYaml(text, file, "RULE_SYNTAX");
      if (yaml.problems.length > 0) {
        problems.push(...yaml.problems);
        continue;
      }
      data = yaml.data;
      locate = yaml.locate;
    }
    // A bundled file the build parsed was validated there; only other files are checked now.
    const validate = fromBuild ? undefined : validator("vocabulary");
    if (validate && !validate(data)) {
      problems.push(...schemaProblems(validate.errors ?? [], file, locator(), schema("vocabulary"), "RULE_SCHEMA"));
      continue;
    }
    const spec = data as VocabularySpec;
    const expected = basename(name).replace(/\.ya?ml$/i, "");
    if (spec.name !== expected) {
      problems.push({ file, ...locator()(["name"]), code: "RULE_SCHEMA", message: `the name "${spec.name}" must match the file name "${expected}"` });
      continue;
    }
    let ok = true;
    (spec.shapes ?? []).forEach((s, i) => {
      const problem = patternProblem(s);
      if (problem) {
        problems.push({ file, ...locator()(["shapes", i]), code: "RULE_PATTERN", message: problem });
        ok = false;
      }
    });
    if (ok) specs.push(spec);
  }
  const result = { specs, problems };
  // The same files, each with the text the build parsed: the vocabularies the build stored are these.
  if (allFromBuild && problems.length === 0 && dir === BUNDLED_VOCABULARIES && storedVocabularies()?.files.join("\n") === names.join("\n")) asBuilt.add(specs);
  cache.set(dir, result);
  return result;
}

/** The vocabularies in force: the bundled files plus additions (a config's, then a rule's). */
export function vocabulariesWith(base: VocabularySpec[], ...additions: (VocabularyAdditions | undefined)[]): Map<string, Vocabulary> {
  // Rules without additions share one set (building a large vocabulary takes milliseconds).
  const added = additions.filter((a): a is VocabularyAdditions => a !== undefined && Object.keys(a).length > 0);
  const key = JSON.stringify(added);
  const hit = built.get(base)?.get(key);
  if (hit) return hit;
  // The bundled files as the build read them, with nothing added: the build's vocabularies.
  const result =
    added.length === 0 && asBuilt.has(base)
      ? new Map((storedVocabularies()?.vocabularies ?? []).map(([name, tables]) => [name, vocabularyFromTables(tables)]))
      : buildVocabularies(base, added);
  const forBase = built.get(base) ?? new Map<string, Map<string, Vocabulary>>();
  forBase.set(key, result);
  built.set(base, forBase);
  return result;
}

const built = new WeakMap<object, Map<string, Map<string, Vocabulary>>>();

/** The vocabularies of `base` with `added` entries, built from their specs. */
function buildVocabularies(base: VocabularySpec[], added: VocabularyAdditions[]): Map<string, Vocabulary> {
  const byName = new Map<string, VocabularySpec[]>();
  for (const spec of base) byName.set(spec.name, [...(byName.get(spec.name) ?? []), spec]);
  for (const entries of added) {
    for (const [name, more] of Object.entries(entries)) {
      byName.set(name, [...(byName.get(name) ?? []), { name, description: "Entries added by a rule or a config file.", entries: more }]);
    }
  }
  return new Map([...byName].map(([name, specs]) => [name, buildVocabulary(specs)]));
}
