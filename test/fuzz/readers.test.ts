/**
 * Property-based tests (issue 6, section 3) of the readers, the parser and the checker, through
 * the library: arbitrary strings and bytes, and mutations of the samples (characters inserted,
 * deleted and replaced, lines duplicated, `<PAGE>`, `<DOCUMENT>`, `(a)`, `Section 1.`, quotes,
 * CRLF, NUL, long runs). Nothing throws but a ClauseCheckError; every Span and Evidence lies
 * inside the file; the Agreement and the report validate against their schemas.
 * The properties live in fuzz/properties.mjs, shared with the long campaign (`npm run fuzz`).
 * Runs are bounded here (FUZZ_RUNS, default 150 each) so the suite stays fast.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInputProperty, controlCharacterProblems, docxBytes, mutateZipDirectory, properties } from "../../fuzz/properties.mjs";
import * as lib from "../../src/index.js";
import { readRuleFile } from "../../src/rules/load-rules.js";
import { repoRoot } from "../helpers/cli.js";
import { validateAgreement, validateReport } from "../helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let tmp: string;
beforeAll(() => {
  tmp = makeTmpDir("fuzz-readers");
});
afterAll(() => removeTmpDir(tmp));

function fuzzEnv() {
  return { lib: { ...lib, readRuleFile }, rules: lib.loadRules(lib.bundledRulesDir), validateAgreement, validateReport, repoRoot, tmp };
}
function props() {
  return properties(fc, fuzzEnv(), { maxRun: 5_000 });
}

const NAMES = [
  "arbitrary strings through sourceFromText",
  "arbitrary bytes through sourceFromBytes (.txt, .htm, .docx)",
  "arbitrary strings, encoded, through sourceFromBytes",
  "mutated samples through sourceFromText",
  "mutated samples, encoded, through sourceFromBytes",
  "byte-flipped .docx through sourceFromBytes",
  "zip central directory records miscounted, duplicated, renamed (0x7075) or cut, in a .docx",
  "control characters in an agreement and its file name: none reaches the text or Markdown report raw",
];

describe("fuzz: readers, parser and checker", () => {
  for (const name of NAMES) {
    it(name, async () => {
      const p = props()[name];
      if (!p) throw new Error(`no property ${name}`);
      await fc.assert(p, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
    }, 120_000);
  }
});

/** Counterexamples the campaign found, kept so they are checked on every run. */
describe("fuzz: counterexamples found before", () => {
  const cases: [name: string, text: string][] = [
    // A span that ends with the file's final line break must not end on a line after the last.
    ['a definition that ends at a page marker and the final newline', '"Trading Market" means <PAGE>\n'],
    // An empty definition at the end of the file: a zero-length span at the end, on no line of the file.
    ['an empty definition before the final newline', '"Trading Market" means \n'],
  ];
  it.each(cases)("%s", async (_name, text) => {
    expect(await checkInputProperty(fuzzEnv(), { text, file: "x.txt" })).toEqual([]);
    expect(await checkInputProperty(fuzzEnv(), { bytes: Buffer.from(text), file: "x.txt" })).toEqual([]);
  });
});

/** The hostile shapes the generators above draw from, each once, so a regression shows at once. */
describe("fuzz generators: hostile shapes", () => {
  it("a duplicated record, a miscount and a renaming extra field are refused in one line (ZIP code)", async () => {
    const docx = docxBytes(repoRoot);
    for (const mutation of [{ duplicate: 0 }, { delta: 1 }, { delta: -1 }, { rename: { index: 1, name: "word/renamed.xml" } }, { cut: 20 }]) {
      const bytes = mutateZipDirectory(docx, mutation);
      expect(Buffer.compare(bytes, docx), JSON.stringify(mutation)).not.toBe(0);
      const error = await lib.sourceFromBytes(bytes, "d.docx").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(lib.isClauseCheckError(error), `${JSON.stringify(mutation)}: ${String(error)}`).toBe(true);
      expect((error as lib.ClauseCheckError).toLine()).not.toContain("\n");
    }
    // Unchanged, it is read.
    expect((await lib.sourceFromBytes(mutateZipDirectory(docx, {}), "d.docx")).text).toContain("Ridgeway");
  });

  it("an escape sequence, a bidi override and a line break in the file name reach no report raw", async () => {
    const text = "\u001b[2J\u001b]0;title\u0007LETTER AGREEMENT \u202e between Valence Technology, Inc. and Ridgeway\u009b";
    expect(await controlCharacterProblems(fuzzEnv(), text, "deal\n| x |\u001b[1A.txt")).toEqual([]);
  });
});
