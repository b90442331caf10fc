/**
 * `npm run build` stores the bundled vocabularies with their lookup tables
 * (dist/vocabularies.json), and a run whose vocabulary files are unchanged reads them back
 * instead of building them (issue 12, cold start). What it reads back must be what building
 * them from the files gives, and must look names up the same way.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { BUNDLED_VOCABULARIES, readVocabularyFiles, vocabulariesWith } from "../../src/rules/load-vocabularies.js";
import { type VocabularySpec, type VocabularyTables, buildVocabulary, entriesIn, slotValue, vocabularyFromTables, vocabularyTables } from "../../src/rules/vocabulary.js";
import { ensureBuilt, repoRoot } from "../helpers/cli.js";

ensureBuilt();
const storedFile = join(repoRoot, "dist", "vocabularies.json");
const built = existsSync(storedFile);

/** The bundled vocabularies built from their YAML files, without anything the build stored. */
function fromFiles(): Map<string, VocabularySpec> {
  const specs = new Map<string, VocabularySpec>();
  for (const name of ["exchange", "file-number", "form", "jurisdiction", "jurisdiction-adjective"]) {
    specs.set(name, parse(readFileSync(join(repoRoot, "vocabularies", `${name}.yaml`), "utf8")) as VocabularySpec);
  }
  return specs;
}

describe.skipIf(!built)("the bundled vocabularies as the build stored them", () => {
  const stored = JSON.parse(readFileSync(storedFile, "utf8")) as { files: string[]; vocabularies: [string, VocabularyTables][] };

  it("are the tables building them from the files gives, vocabulary by vocabulary", () => {
    const specs = fromFiles();
    expect(stored.vocabularies.map(([name]) => name).sort()).toEqual([...specs.keys()].sort());
    for (const [name, tables] of stored.vocabularies) {
      expect(tables, name).toEqual(vocabularyTables(buildVocabulary([specs.get(name) as VocabularySpec])));
    }
  });

  it("a run with the unchanged bundled files finds the same names as with vocabularies built from the files", () => {
    const inForce = vocabulariesWith(readVocabularyFiles(BUNDLED_VOCABULARIES).specs);
    const specs = fromFiles();
    const text = "governed by the laws of the State of New York, U.S.A., and the PRC; listed on the Nasdaq National Market; Form S-3 (No. 333-76589)";
    for (const [name, v] of inForce) {
      const fresh = buildVocabulary([specs.get(name) as VocabularySpec]);
      expect(entriesIn(v, text), name).toEqual(entriesIn(fresh, text));
      for (const probe of ["New York", "new york", "PRC", "prc", "Nasdaq National Market", "S-3", "333-76589", "thereof"]) {
        expect(slotValue(v, probe), `${name}: ${probe}`).toEqual(slotValue(fresh, probe));
      }
    }
    // Read back, the stored tables give the same tables again.
    for (const [name, tables] of stored.vocabularies) expect(vocabularyTables(vocabularyFromTables(tables)), name).toEqual(vocabularyTables(inForce.get(name) as never));
  });

  it("are not used with a firm's additions: those are built with the addition", () => {
    const base = readVocabularyFiles(BUNDLED_VOCABULARIES).specs;
    const withAddition = vocabulariesWith(base, { exchange: { "Example Exchange": ["Exampleville Board"] } });
    expect(slotValue(withAddition.get("exchange") as never, "Exampleville Board")).toEqual({ kind: "entry", value: "Example Exchange" });
    expect(slotValue(vocabulariesWith(base).get("exchange") as never, "Exampleville Board")).toBeUndefined();
  });
});
