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
};
for (const [name, validate] of Object.entries(targets)) {
  writeFileSync(join(out, `${name}.cjs`), standaloneCode(ajv, validate));
}


// The bundled rules' patterns, analysed for catastrophic backtracking now, so that a run with
// unchanged rules does not parse them again (src/rules/redos.ts reads this list).
// Start from no list: every pattern is analysed afresh by the analysis as it now stands.
rmSync(join(root, "dist", "verified-patterns.json"), { force: true });
const { patternProblem, translatePattern } = await import(join(root, "dist", "rules", "pattern.js"));
const { parse: parseYaml } = await import("yaml");
const { readdirSync } = await import("node:fs");
const sources = new Set();
const collect = (node, key) => {
  if (typeof node === "string" && ["find", "ignore", "first", "flag", "oneOf", "all"].includes(key)) {
    if (patternProblem(node) === undefined) sources.add(translatePattern(node));
  } else if (Array.isArray(node)) node.forEach((n) => collect(n, key));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) collect(v, ["oneOf", "all"].includes(key) ? key : k);
};
for (const f of readdirSync(join(root, "rules")).filter((n) => n.endsWith(".yaml"))) {
  const rule = parseYaml(readFileSync(join(root, "rules", f), "utf8"));
  collect(rule.clause, "clause");
}
writeFileSync(join(root, "dist", "verified-patterns.json"), JSON.stringify([...sources]));


// The bundled rule files, parsed: a run whose rule files are unchanged skips the YAML parser.
const parsed = readdirSync(join(root, "rules"))
  .filter((n) => /\.ya?ml$/.test(n))
  .map((n) => readFileSync(join(root, "rules", n), "utf8"))
  .map((text) => [text, parseYaml(text)]);
writeFileSync(join(root, "dist", "parsed-rules.json"), JSON.stringify(parsed));
