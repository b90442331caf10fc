/**
 * The tune/check split: a file's half is fixed by the SHA-256 of its base name, so it must
 * never move (figures of the check half are only comparable across runs if its files stay
 * put) and must cut a corpus roughly in two.
 */
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusHalf } from "../../src/eval/corpus-half.js";
import { findDocuments } from "../../src/eval/evaluate.js";
import { repoRoot } from "../helpers/cli.js";

/** The split rule written out again, independently of src/eval/corpus-half.ts. */
const expectedHalf = (name: string) => ((createHash("sha256").update(Buffer.from(name, "utf8")).digest()[0] ?? 0) % 2 === 0 ? "tune" : "check");

const FIXTURES = [
  "GRIDIRONBIONUTRIENTS,INC_02_05_2020-EX-10.3-SUPPLY AGREEMENT.txt",
  "PACIFICSYSTEMSCONTROLTECHNOLOGYINC_08_24_2000-EX-10.53-SPONSORSHIP AGREEMENT.txt",
  "PRIMEENERGYRESOURCESCORP_04_02_2007-EX-10.28-COMPLETION AND LIQUIDITY MAINTENANCE AGREEMENT.txt",
  "PcquoteComInc_19990721_S-1A_EX-10.11_6377149_EX-10.11_Co-Branding Agreement2.txt",
  "SoupmanInc_20150814_8-K_EX-10.1_9230148_EX-10.1_Franchise Agreement2.txt",
  "ZtoExpressCaymanInc_20160930_F-1_EX-10.10_9752871_EX-10.10_Transportation Agreement.txt",
];

describe("corpusHalf", () => {
  it.each([...FIXTURES, "ud-legal-0017ea6d-lease.txt", "Société Générale – Agreement.txt", "a.txt", ""])("puts %j where SHA-256 of its UTF-8 name says", (name) => {
    expect(corpusHalf(name)).toBe(expectedHalf(name));
  });

  it("keeps the fixtures in the halves they have always been in (the split never moves)", () => {
    expect(FIXTURES.map(corpusHalf)).toEqual(["check", "tune", "check", "tune", "check", "check"]);
  });

  it("hashes the name only, not the folder", () => {
    for (const name of FIXTURES) {
      expect(corpusHalf(`cuad/${name}`)).toBe(corpusHalf(name));
      expect(corpusHalf(`/work/shared/corpus/cuad/${name}`)).toBe(expectedHalf(name));
    }
  });

  it("gives both halves files of the fixture folder", () => {
    const halves = findDocuments(join(repoRoot, "test", "fixtures", "eval")).map((p) => corpusHalf(basename(p)));
    expect(halves).toHaveLength(6);
    expect(halves.filter((h) => h === "tune").length).toBe(2);
    expect(halves.filter((h) => h === "check").length).toBe(4);
  });

  it("cuts 200 names into halves of 35% to 65% each", () => {
    const names = Array.from({ length: 200 }, (_, i) => `contract-${String(i).padStart(3, "0")}.txt`);
    const tune = names.filter((n) => corpusHalf(n) === "tune").length;
    expect(tune).toBeGreaterThanOrEqual(70);
    expect(tune).toBeLessThanOrEqual(130);
    expect(200 - tune).toBeGreaterThanOrEqual(70);
    expect(names.every((n) => corpusHalf(n) === expectedHalf(n))).toBe(true);
  });
});
