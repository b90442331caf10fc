// Compiles the input schemas (rule, config, sidecar) into standalone validator code, so that
// a run of clausecheck does not compile them. Run by `npm run build` after tsc.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (name) => JSON.parse(readFileSync(join(root, "schemas", `${name}.schema.json`), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true, code: { source: true } });
ajv.addSchema(read("config"), "config");
const out = join(root, "dist", "validators");
mkdirSync(out, { recursive: true });
const targets = {
  rule: ajv.compile(read("rule")),
  config: ajv.compile({ $ref: "config" }),
  sidecar: ajv.compile({ $ref: "config#/definitions/sidecar" }),
  vocabulary: ajv.compile(read("vocabulary")),
};
for (const [name, validate] of Object.entries(targets)) {
  writeFileSync(join(out, `${name}.cjs`), standaloneCode(ajv, validate));
}


// The bundled rules' regular expressions (`regex:` patterns and vocabulary shapes), analysed
// for catastrophic backtracking now, so that a run with unchanged rules does not parse them
// again (src/rules/redos.ts reads this list). Phrase patterns need no analysis: they compile to
// bounded repetitions only. Start from no list: every pattern is analysed afresh.
rmSync(join(root, "dist", "verified-patterns.json"), { force: true });
const { patternProblem, translatePattern } = await import(join(root, "dist", "rules", "pattern.js"));
const { parse: parseYaml } = await import("yaml");
const { readdirSync } = await import("node:fs");
const yamlFiles = (dir) =>
  readdirSync(join(root, dir))
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => readFileSync(join(root, dir, n), "utf8"));
const texts = [...yamlFiles("rules"), ...yamlFiles("vocabularies")];
const sources = new Set();
const collect = (node, key) => {
  if (typeof node === "string" && (key === "regex" || key === "shapes")) {
    if (patternProblem(node) === undefined) sources.add(translatePattern(node));
  } else if (Array.isArray(node)) node.forEach((n) => collect(n, key));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) collect(v, k);
};
const parsed = texts.map((text) => [text, parseYaml(text)]);
for (const [, data] of parsed) collect(data, "");
writeFileSync(join(root, "dist", "verified-patterns.json"), JSON.stringify([...sources]));

// The bundled vocabularies are valid (a run trusts the files parsed here and does not validate them again).
for (const [text, data] of parsed) {
  if (!yamlFiles("vocabularies").includes(text)) continue;
  if (!targets.vocabulary(data)) {
    console.error(`build: vocabulary ${data?.name}: ${JSON.stringify(targets.vocabulary.errors?.[0])}`);
    process.exit(1);
  }
}

// The bundled rule and vocabulary files, parsed: a run whose files are unchanged skips the YAML
// parser, and for a rule the schema check too (src/rules/load-rules.ts): only rules that pass
// it here are kept, so a run still reports, at its line:column, a rule file that does not.
const ruleTexts = new Set(yamlFiles("rules"));
writeFileSync(join(root, "dist", "parsed-rules.json"), JSON.stringify(parsed.filter(([text, data]) => !ruleTexts.has(text) || targets.rule(data))));


// The bundled vocabularies, built with their lookup tables (src/rules/load-vocabularies.ts reads
// them back when the same files are unchanged): a run does not build them.
rmSync(join(root, "dist", "vocabularies.json"), { force: true });
{
  const { readVocabularyFiles: read, vocabulariesWith: build } = await import(join(root, "dist", "rules", "load-vocabularies.js"));
  const { vocabularyTables } = await import(join(root, "dist", "rules", "vocabulary.js"));
  const files = readdirSync(join(root, "vocabularies")).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith(".")).sort();
  const built = build(read(join(root, "vocabularies")).specs);
  writeFileSync(join(root, "dist", "vocabularies.json"), JSON.stringify({ files, vocabularies: [...built].map(([name, v]) => [name, vocabularyTables(v)]) }));
}

// The bundled rules' phrases, compiled against the bundled vocabularies (src/rules/pattern.ts
// reads them back when the vocabularies' shapes are the same): a run does not compile them.
rmSync(join(root, "dist", "compiled-patterns.json"), { force: true });
const { readVocabularyFiles, vocabulariesWith } = await import(join(root, "dist", "rules", "load-vocabularies.js"));
const { parsePhrase, compilePhrase } = await import(join(root, "dist", "rules", "phrase.js"));
const { vocabularyFingerprint } = await import(join(root, "dist", "rules", "pattern.js"));
const vocabularies = vocabulariesWith(readVocabularyFiles(join(root, "vocabularies")).specs);
const fingerprint = vocabularyFingerprint(vocabularies);
const phrases = new Set();
const collectPhrases = (node, key) => {
  if (typeof node === "string" && ["find", "ignore", "first", "flag", "oneOf", "all"].includes(key)) phrases.add(node);
  else if (Array.isArray(node)) node.forEach((n) => collectPhrases(n, key));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) collectPhrases(v, ["oneOf", "all"].includes(key) ? key : k);
};
for (const [text, data] of parsed) if (!yamlFiles("vocabularies").includes(text)) collectPhrases(data.clause, "clause");
const programs = [...phrases].map((p) => [`${p}\u0000${fingerprint}`, compilePhrase(p, parsePhrase(p), { vocabularies })]);
writeFileSync(join(root, "dist", "compiled-patterns.json"), JSON.stringify(programs));

// The scan for every bundled rule's anchor words (src/rules/anchors.ts), built now.
rmSync(join(root, "dist", "anchor-scan.json"), { force: true });
const { loadRules } = await import(join(root, "dist", "rules", "load-rules.js"));
const { anchorScanForBuild } = await import(join(root, "dist", "rules", "anchors.js"));
loadRules(join(root, "rules"));
writeFileSync(join(root, "dist", "anchor-scan.json"), JSON.stringify(anchorScanForBuild()));
