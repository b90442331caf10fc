/**
 * Rule files are data written by people, and agreements are files from anywhere: neither may
 * harm the process that checks them. A rule file must not pollute Object.prototype, expand a
 * YAML alias bomb, or bring a pattern that backtracks for hours; a very large agreement must
 * still be checked. Rule files are generated in temp folders; nothing is written to the
 * repository.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type RuleProblem,
  bundledRulesDir,
  checkAgreement,
  isClauseCheckError,
  loadRules,
  readDocument,
  runRuleExamples,
  sourceFromText,
  validateRules,
} from "../../src/index.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function freshDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clausecheck-safety-${label}-`));
  made.push(dir);
  return dir;
}

/** A folder holding only `files` (name → text). */
function ruleDir(label: string, files: Record<string, string>): string {
  const dir = freshDir(label);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const bundled = (name: string): string => readFileSync(join(bundledRulesDir, name), "utf8");

/** Applies `edit`, failing loudly if it changed nothing (the bundled rule changed shape). */
function edited(text: string, edit: (t: string) => string, what: string): string {
  const out = edit(text);
  if (out === text) throw new Error(`the edit "${what}" did not apply: its anchor is no longer in the bundled rule`);
  return out;
}

/** A bundled rule under a new id (so the file name matches), edited. */
function variant(from: string, id: string, edit: (t: string) => string = (t) => t): string {
  return edit(edited(bundled(from), (t) => t.replace(/^id: .*$/m, `id: ${id}`), `id: ${id}`));
}

const SEED_TEXT = readFileSync(new URL("../../samples/valence-ridgeway-1999.txt", import.meta.url), "utf8");
const OTC_TEXT = readFileSync(new URL("../../samples/valence-listing-otc.txt", import.meta.url), "utf8");

/** Object.prototype (and Array's and Function's) as every other module expects to find it. */
function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.yes).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(probe.constructor).toBe(Object);
  expect(typeof probe.toString).toBe("function");
  expect(String(probe)).toBe("[object Object]");
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect((Function.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
}
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => expectNoPollution());

/**
 * A rule folder is either refused, every problem located in one of its files, or loads and
 * checks `text` without harm. Returns the problems.
 */
async function rejectedOrHarmless(dir: string, text: string): Promise<RuleProblem[]> {
  const problems = validateRules(dir);
  expectNoPollution();
  if (problems.length > 0) {
    for (const p of problems) {
      expect(p.file.startsWith(dir), p.file).toBe(true);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
    expect(() => loadRules(dir)).toThrow(expect.objectContaining({ code: problems[0]?.code }));
    return problems;
  }
  const rules = loadRules(dir);
  expectNoPollution();
  const report = await checkAgreement(sourceFromText(text, "agreement.txt"), rules);
  expectNoPollution();
  expect(report.results).toHaveLength(rules.rules.length);
  for (const r of report.results) {
    expect(["pass", "gap"]).toContain(r.status);
    // No value is a function or an object taken from a prototype.
    for (const v of Object.values(r.values)) expect(["string", "boolean"].includes(typeof v) || Array.isArray(v), `${r.ruleId}: ${String(v)}`).toBe(true);
    expect(r.message).not.toContain("[native code]");
    expect(r.message).not.toContain("[object Object]");
  }
  return problems;
}

/** The problem located on the line where `needle` stands, if any. */
function problemAtLineOf(problems: RuleProblem[], text: string, needle: string): RuleProblem | undefined {
  const line = text.slice(0, text.indexOf(needle)).split("\n").length;
  return problems.find((p) => p.line === line);
}

describe("__proto__ and constructor in rule files do not pollute Object.prototype", () => {
  it("__proto__ as a capture name: refused at the name, or harmless", async () => {
    const text = variant("exchange-listing.yaml", "proto-capture", (t) =>
      edited(t, (s) => s.replace(/^ {2}capture:\n/m, "  capture:\n    __proto__:\n      flag: OTC\n"), "capture __proto__"),
    );
    const problems = await rejectedOrHarmless(ruleDir("proto-capture", { "proto-capture.yaml": text }), OTC_TEXT);
    if (problems.length) expect(problemAtLineOf(problems, text, "__proto__:"), JSON.stringify(problems)).toBeDefined();
  });

  it("__proto__, constructor, toString and hasOwnProperty as oneOf values: the value is plain text", async () => {
    const text = variant("exchange-listing.yaml", "proto-values", (t) =>
      edited(
        t,
        (s) =>
          s
            .replace(
              /^( +)first: '\{exchange\}'$/m,
              "$1oneOf:\n$1  __proto__: (OTC Bulletin Board | OTCBB)\n$1  constructor: OTCQX\n$1  toString: OTCQB\n$1  hasOwnProperty: OTC Pink\n$1  NASDAQ National Market: Nasdaq National Market",
            )
            .replace(/values: \{ exchange: OTC Bulletin Board \}/, "values: { exchange: __proto__ }"),
        "oneOf values",
      ),
    );
    const dir = ruleDir("proto-values", { "proto-values.yaml": text });
    const problems = await rejectedOrHarmless(dir, OTC_TEXT);
    if (problems.length === 0) {
      // Loaded: the OTC sample's exchange is read as the string "__proto__", a deviating gap.
      const report = await checkAgreement(sourceFromText(OTC_TEXT, "otc.txt"), loadRules(dir));
      const listing = report.results[0];
      expect(listing).toMatchObject({ status: "gap", reason: "deviating" });
      expect(Object.prototype.hasOwnProperty.call(listing?.values, "exchange")).toBe(true);
      expect(listing?.values.exchange).toBe("__proto__");
    }
  });

  it("__proto__ as an all: value", async () => {
    const text = variant("counterparts.yaml", "proto-all", (t) =>
      edited(t, (s) => s.replace(/^( +)facsimile: \(facsimile/m, "$1__proto__: (facsimile").replace("electronicDelivery: [facsimile] }", "electronicDelivery: [__proto__] }"), "all __proto__"),
    );
    const dir = ruleDir("proto-all", { "proto-all.yaml": text });
    const problems = await rejectedOrHarmless(dir, SEED_TEXT);
    if (problems.length === 0) {
      const report = await checkAgreement(sourceFromText(SEED_TEXT, "seed.txt"), loadRules(dir));
      expect(report.results[0]?.values.electronicDelivery).toEqual(["__proto__"]);
    }
  });

  it("__proto__ as an example's value name: refused at that line", async () => {
    const text = variant("governing-law.yaml", "proto-example", (t) =>
      edited(t, (s) => s.replace("values: { jurisdiction: Delaware }", "values: { jurisdiction: Delaware, __proto__: polluted }"), "example __proto__"),
    );
    const problems = await rejectedOrHarmless(ruleDir("proto-example", { "proto-example.yaml": text }), SEED_TEXT);
    expect(problems.length).toBeGreaterThan(0);
    expect(problemAtLineOf(problems, text, "__proto__: polluted"), JSON.stringify(problems)).toBeDefined();
  });

  it("__proto__ holding a mapping, as an example's values: refused", async () => {
    const text = variant("governing-law.yaml", "proto-example-map", (t) =>
      edited(t, (s) => s.replace("values: { jurisdiction: Delaware }", "values: { jurisdiction: Delaware, __proto__: { polluted: yes } }"), "example __proto__ map"),
    );
    const problems = await rejectedOrHarmless(ruleDir("proto-example-map", { "proto-example-map.yaml": text }), SEED_TEXT);
    expect(problems.length).toBeGreaterThan(0);
  });

  it("a top-level __proto__ key: refused as an unknown key at its line", async () => {
    const text = variant("governing-law.yaml", "proto-top", (t) => edited(t, (s) => s.replace(/^title: /m, "__proto__:\n  polluted: yes\ntitle: "), "top __proto__"));
    const problems = await rejectedOrHarmless(ruleDir("proto-top", { "proto-top.yaml": text }), SEED_TEXT);
    expect(problems.length).toBeGreaterThan(0);
    const p = problemAtLineOf(problems, text, "__proto__:");
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p?.message).toContain("__proto__");
  });

  it("__proto__ and constructor as parameter names: refused, or harmless", async () => {
    const text = variant("governing-law.yaml", "proto-parameters", (t) =>
      edited(
        t,
        (s) => s.replace(/^parameters:\n/m, "parameters:\n  __proto__:\n    description: x\n    default: [polluted]\n  constructor:\n    description: y\n    default: [polluted]\n"),
        "parameters",
      ),
    );
    const problems = await rejectedOrHarmless(ruleDir("proto-parameters", { "proto-parameters.yaml": text }), SEED_TEXT);
    expect(problems.length, "a parameter name must be a plain word").toBeGreaterThan(0);
  });

  it("a rule file in JSON with __proto__ keys", async () => {
    const spec = {
      __proto__: null,
      id: "proto-json",
      title: "JSON rule",
      severity: "error",
      description: "A rule file written in JSON.",
      clause: { find: ["governed by"], capture: { law: { oneOf: { __proto__: "New York", constructor: "Delaware" } } } },
      require: { statement: "affirmative" },
      messages: { pass: "{where} chooses {law}.", missing: "No choice of law." },
      examples: { meets: [{ text: "This Agreement is governed by the laws of New York.", values: { law: "__proto__" } }], fails: [{ text: "Nothing here.", reason: "missing" }] },
    };
    // JSON.stringify drops a real __proto__; write the key by hand, at the top and in a capture.
    const json = JSON.stringify(spec, null, 2).replace('"id": "proto-json",', '"__proto__": { "polluted": "yes" },\n  "id": "proto-json",');
    expect(json).toContain('"__proto__": { "polluted": "yes" }');
    const dir = ruleDir("proto-json", { "proto-json.json": json });
    const problems = await rejectedOrHarmless(dir, SEED_TEXT);
    expect(problems.length, "the top-level __proto__ key is unknown").toBeGreaterThan(0);
  });

  describe("a capture named constructor (a valid name, and a property every object inherits)", () => {
    const text = [
      "id: constructor-capture",
      "title: A capture named constructor",
      "severity: error",
      "description: Names the form of the registration statement.",
      "clause:",
      "  find:",
      "    - registered under the Securities Act",
      "  capture:",
      "    constructor:",
      "      first: Form {form}",
      "require:",
      "  statement: done",
      "  values:",
      "    - value: constructor",
      "      present: true",
      '      message: "{where} names no form."',
      "messages:",
      '  pass: "{where} names Form {constructor}."',
      "  missing: No registration representation.",
      "examples:",
      "  meets:",
      "    - text: The shares have been registered under the Securities Act on Form S-3.",
      "      values: { constructor: S-3 }",
      "  fails:",
      "    - text: The shares have been registered under the Securities Act.",
      "      reason: incomplete",
      "",
    ].join("\n");

    it("is refused, or loads and checks harmlessly", async () => {
      await rejectedOrHarmless(ruleDir("ctor", { "constructor-capture.yaml": text }), SEED_TEXT);
    });

    it("if it loads: a clause without the value is a gap, not met by the inherited Object.prototype.constructor", async () => {
      const dir = ruleDir("ctor-semantics", { "constructor-capture.yaml": text });
      if (validateRules(dir).length > 0) return; // refused: nothing can be misread
      const rule = loadRules(dir).rules[0];
      const outcomes = await runRuleExamples(rule as NonNullable<typeof rule>);
      for (const o of outcomes) expect(o.ok, `${o.kind}[${o.index}]: ${o.problems.join("; ")}`).toBe(true);
      const report = await checkAgreement(sourceFromText("The shares have been registered under the Securities Act.", "x.txt"), loadRules(dir));
      expect(report.results[0]).toMatchObject({ status: "gap", reason: "incomplete" });
      expect(report.results[0]?.message).not.toContain("native code");
    });
  });
});

describe("a YAML alias bomb (billion laughs)", () => {
  const levels = "abcdefghi".split("");
  const bomb = [
    "id: billion-laughs",
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...levels.slice(1).map((l, i) => `${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(",")}]`),
    "",
  ].join("\n");

  it("as a whole rule file: refused with a problem, quickly", () => {
    const dir = ruleDir("bomb", { "billion-laughs.yaml": bomb });
    const problems = validateRules(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.file).toBe(join(dir, "billion-laughs.yaml"));
    let error: unknown;
    try {
      loadRules(dir);
    } catch (e) {
      error = e;
    }
    expect(isClauseCheckError(error), String(error)).toBe(true);
  }, 10_000);

  it("inside an otherwise valid rule, as the value of description: refused with a problem, quickly", () => {
    const anchors = levels
      .map((l, i) => (i === 0 ? '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]' : `  - &${l} [${Array(9).fill(`*${levels[i - 1]}`).join(",")}]`))
      .join("\n");
    const text = variant("governing-law.yaml", "bomb-description", (t) =>
      edited(t, (s) => s.replace(/^description: >\n(?: {2}.*\n)+/m, `lol:\n${anchors}\ndescription: *i\n`), "description"),
    );
    expect(text).toContain("description: *i");
    const dir = ruleDir("bomb-description", { "bomb-description.yaml": text });
    const problems = validateRules(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(() => loadRules(dir)).toThrow();
  }, 10_000);
});

describe("catastrophic patterns are refused by validateRules", () => {
  /** A copy of the prospectus-supplement rule with `pattern` as its first find phrase. */
  function withPattern(label: string, pattern: string): { dir: string; text: string } {
    const id = `catastrophic-${label}`;
    const quoted = `'${pattern.replace(/'/g, "''")}'`;
    const text = variant("prospectus-supplement.yaml", id, (t) =>
      edited(t, (s) => s.replace(/^( +)find:\n((?:[ \t]*#.*\n)*)( +- )/m, (_, indent: string, comments: string, dash: string) => `${indent}find:\n${comments}${dash}regex: ${quoted}\n${dash}`), "find"),
    );
    return { dir: ruleDir(id, { [`${id}.yaml`]: text }), text };
  }

  const cases: [label: string, pattern: string][] = [
    ["nested-plus", "(a+)+b"],
    ["words-and-spaces", "(\\w+\\s?)+$"],
    // The same shapes, dressed differently; each takes seconds on a few dozen characters.
    ["extra-group", "((a+))+b"],
    ["bounded-inner", "(a{1,5})+b"],
    ["digit-groups", "(\\d{1,3},?)+x"],
    ["bounded-outer", "(a+){10}b"],
    // Shapes the checker once missed (issue 14): each took from 30 s to minutes on a 30 KB line.
    ["nested-group-alternatives", "(?:(?:a|a))*b"],
    ["bounded-alternatives", "(?:a|a){1,1000}b"],
    ["optional-repeated", "(?:a?){28}a{28}"],
    ["twice-repeated", "(?:a+){2}b"],
    ["long-bounded-then-plus", "\\w{1,1000}\\w+x"],
    ["dot-x-dot", ".*x.*y"],
    ["x-dot-x-dot", "x.*x.*y"],
    ["word-x-word", "\\w+x\\w+y"],
    ["any-x-any", "[\\s\\S]*x[\\s\\S]*y"],
    ["class-alternatives", "(?:a|[ab]){0,999}c"],
    ["accented-case-alternatives", "(?:\\u00e9|\\u00c9)*b"],
    ["two-long-bounded", "q[a-z]{0,999}[a-z]{0,999}!"],
    // A repeated group whose rounds can share the same run several ways, next to a long
    // repetition of the same characters (issue 14; the first a fuzz finding, 6 s on 2,000 a's).
    ["star-then-ambiguous-group", "a*(?:a{0,5}){1,3}y"],
    ["ambiguous-group-then-star", "(?:a{0,5}){1,3}a*y"],
    ["nullable-rounds-then-star", "(?:a?a?){2,4}a*y"],
    ["word-star-then-word-rounds", "\\w*(?:\\w{1,3}){2}!"],
    ["star-then-plus-rounds", "a*(?:a{1,5}){2}y"],
    // A separator that ends in a repetition the next one continues: \s*\s+ once written out.
    ["separator-ending-in-spaces", "\\s+(?:was|has\\s*)\\s+filed"],
    // Found by the nested-quantifier fuzz shape (issue 14), each 3 to 12 s on 2,000 characters:
    // a group's own sequence, a long repetition through an optional one, a group starting with
    // a long repetition, an optional group of one, and rounds that split their text many ways.
    ["sequence-in-a-group", "[a-z]*(?:[ab]*[ab]*b)?y"],
    ["through-optional-spaces", "(?:\\s*[ab]{2}a+){2}\\s*y"],
    ["group-starting-long", ".*(?:.?x+b{1,3}){2,4}"],
    ["optional-group-of-one", "[ab]+(?:[ab]*)?y"],
    ["many-ways-rounds", "(?:\\w{0,5}.{1,3}\\w{0,5}){1,3}\\s*y"],
    ["through-an-optional-group", "(?:x*[ab]+.)?a*y"],
    ["through-two-rounds", "\\w*(?:\\w{2}x*b{2}){2}"],
    ["rounds-with-a-moving-boundary", ".*(?:a{2}\\w{0,5}.){1,3}y"],
  ];

  it.each(cases)("%s: %s, located at the pattern", (label, pattern) => {
    const { dir, text } = withPattern(label, pattern);
    const problems = validateRules(dir);
    const p = problems.find((x) => x.code === "RULE_PATTERN");
    expect(p, `${pattern} was accepted; problems: ${JSON.stringify(problems)}`).toBeDefined();
    const offset = text.indexOf(`'${pattern.replace(/'/g, "''")}'`);
    const before = text.slice(0, offset).split("\n");
    expect({ line: p?.line, column: p?.column }).toEqual({ line: before.length, column: (before.at(-1) as string).length + 1 });
    expect(p?.message).toMatch(/exponential|polynomial|time/);
    expect(() => loadRules(dir)).toThrow(expect.objectContaining({ code: "RULE_PATTERN" }));
  });

  it.each([
    ["\\w+ of \\w+"],
    ["(?:\\w+\\s){0,3}Delaware"],
    ["governed by.{0,80}laws"],
    ["[a-z]{1,999}x"],
    ["(?:NYSE|Nasdaq)"],
    ["\\d+-\\d+"],
    // Linear: the alternatives start with literals \s cannot match, so each \s+ stops where
    // the next word starts (once refused as "two repetitions in a row", issue 14).
    ["prospectus\\s+supplement\\s+(?:was|has\\s+been)\\s+filed"],
    // Rounds that cannot trade characters: each starts with "a" and only b is optional; \s ends each round.
    ["a*(?:ab?){1,3}y"],
    ["\\s*(?:\\w+\\s+){0,3}Delaware"],
  ])(
    "an ordinary pattern is still accepted: %s",
    (pattern) => {
      const { dir } = withPattern(`ordinary-${pattern.length}`, pattern);
      expect(validateRules(dir)).toEqual([]);
    },
  );

  it("the alternation after \\s+ accepted above is quick on long runs of spaces and of the words it wants", async () => {
    const { dir } = withPattern("prospectus-alternation", "prospectus\\s+supplement\\s+(?:was|has\\s+been)\\s+filed");
    const rules = loadRules(dir);
    const lines = [" ".repeat(100_000), "prospectus supplement ".repeat(5_000), `prospectus${" ".repeat(50_000)}supplement${" ".repeat(50_000)}has${" ".repeat(50_000)}x`];
    const start = Date.now();
    for (const line of lines) await checkAgreement(sourceFromText(`Agreement.\n${line}\n`, "hostile.txt"), rules);
    // Generous: linear takes milliseconds; the bound only catches a pattern that backtracks.
    expect(Date.now() - start).toBeLessThan(10_000);
  }, 60_000);

  it("the bundled rules pass the same check (so it is not refusing everything)", () => {
    expect(validateRules(bundledRulesDir)).toEqual([]);
  });
});

describe("a 5 MB agreement", () => {
  it("the seed repeated, then a single 1 MB line of a's: checked with the bundled rules, five results", async () => {
    const dir = freshDir("large");
    const file = join(dir, "large.txt");
    const copies = Math.ceil((4 * 1024 * 1024) / SEED_TEXT.length);
    writeFileSync(file, `${`${SEED_TEXT}\n\n`.repeat(copies)}${"a".repeat(1024 * 1024)}\n`);
    const source = await readDocument(file);
    expect(source.text.length).toBeGreaterThan(5 * 1024 * 1024);
    const report = await checkAgreement(source, loadRules(bundledRulesDir));
    expect(report.results).toHaveLength(5);
    expect(report.results.map((r) => r.ruleId).sort()).toEqual(["counterparts", "exchange-listing", "governing-law", "prospectus-supplement", "s3-registration"]);
    for (const r of report.results) expect(["pass", "gap"]).toContain(r.status);
  }, 60_000);

  it("also with a copy of the bundled rules loaded from another folder (no cached state)", async () => {
    const rules = freshDir("rules-copy");
    cpSync(bundledRulesDir, rules, { recursive: true });
    const text = `${"a".repeat(1024 * 1024)}\n${SEED_TEXT}`;
    const report = await checkAgreement(sourceFromText(text, "a-first.txt"), loadRules(rules));
    expect(report.results).toHaveLength(5);
  }, 60_000);
});
