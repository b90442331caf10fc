import { describe, expect, it } from "vitest";
import { inflections } from "../../src/rules/inflect.js";
import { PatternError, compilePhrase, parsePhrase } from "../../src/rules/phrase.js";
import { buildVocabulary, entriesIn, slotPrefix, slotValue, type Vocabulary } from "../../src/rules/vocabulary.js";

const place = buildVocabulary([
  {
    name: "place",
    description: "Test places.",
    entries: {
      "New York": ["New York", "N.Y."],
      "West Virginia": ["West Virginia"],
      Virginia: ["Virginia"],
      "People's Republic of China": ["People's Republic of China", "China", "PRC"],
      "England and Wales": ["England and Wales", "England & Wales"],
    },
    references: ["thereof", "said State", "such jurisdiction"],
  },
]);
const form = buildVocabulary([{ name: "form", description: "Forms.", entries: { "S-3": ["S-3"], "S-1": ["S-1", "S-l"] }, shapes: [] }]);
const fileNumber = buildVocabulary([{ name: "file-number", description: "File numbers.", entries: {}, shapes: ["333-\\d{3,7}(?:-\\d{1,3})?"] }]);
const vocabularies = new Map<string, Vocabulary>([
  ["place", place],
  ["form", form],
  ["file-number", fileNumber],
]);

/** Compiles a pattern and returns its first match in `text` with the slots' raw texts and the predicate. */
function run(pattern: string, text: string, names?: Map<string, string[]>) {
  const program = compilePhrase(pattern, parsePhrase(pattern), { vocabularies, ...(names ? { names } : {}) }, false, names !== undefined);
  const m = new RegExp(program.source, "gid").exec(text);
  if (!m) return undefined;
  return {
    text: m[0],
    slots: Object.fromEntries(program.slots.map((s) => [s.name, m[s.group]])),
    predicate: program.predicate ? m[program.predicate] : undefined,
  };
}

function error(pattern: string): { message: string; offset: number } {
  try {
    const nodes = parsePhrase(pattern);
    compilePhrase(pattern, nodes, { vocabularies });
  } catch (e) {
    if (e instanceof PatternError) return { message: e.message, offset: e.offset };
    throw e;
  }
  throw new Error(`no error for ${pattern}`);
}

describe("inflections", () => {
  it("covers regular verbs and nouns", () => {
    expect(inflections("govern")).toEqual(expect.arrayContaining(["govern", "governs", "governed", "governing"]));
    expect(inflections("file")).toEqual(expect.arrayContaining(["file", "files", "filed", "filing"]));
    expect(inflections("apply")).toEqual(expect.arrayContaining(["apply", "applies", "applied", "applying"]));
    expect(inflections("submit")).toEqual(expect.arrayContaining(["submitted", "submitting"]));
    expect(inflections("law")).toContain("laws");
    expect(inflections("counterpart")).toContain("counterparts");
  });
  it("knows irregular verbs", () => {
    expect(inflections("be")).toEqual(expect.arrayContaining(["is", "are", "was", "were", "been"]));
    expect(inflections("sell")).toContain("sold");
  });
});

describe("the phrase language", () => {
  it("matches a word's inflections, ignoring case", () => {
    expect(run("*govern* by", "SHALL BE GOVERNED BY")?.predicate).toBe("GOVERNED");
    expect(run("govern", "the governing documents")?.text).toBe("governing");
    expect(run("govern", "any governmental authority")).toBeUndefined();
  });

  it("matches =word only as written", () => {
    expect(run("=file", "has filed")).toBeUndefined();
    expect(run("=file", "the file")?.text).toBe("file");
  });

  it("skips line breaks, runs of spaces, commas and quotes between words", () => {
    expect(run("governed by the laws of", 'governed by,\n     the "laws" of')?.text).toBe('governed by,\n     the "laws" of');
    // Text converted from PDF runs words together; the pattern's ends stay whole words.
    expect(run("laws of the State of {place}", "the laws ofthe State ofNew York")?.slots.place).toBe("ofNew York".slice(2));
    expect(run("laws of", "outlaws of")).toBeUndefined();
    expect(run("laws of", "laws often")).toBeUndefined();
  });

  it("has optional words and alternatives", () => {
    const p = "(laws | law | legislation) of [the] [State of] {place}";
    expect(run(p, "the laws of the State of New York")?.slots.place).toBe("New York");
    expect(run(p, "the law of New York")?.slots.place).toBe("New York");
    expect(run(p, "legislation of England & Wales")?.slots.place).toBe("England & Wales");
  });

  it("has gaps that stay inside one clause and count words", () => {
    const p = "*govern* ... laws of {place}";
    expect(run(p, "shall be governed by, and construed in accordance with, the laws of New York")?.slots.place).toBe("New York");
    expect(run(p, "shall be governed hereby; the laws of New York")).toBeUndefined();
    expect(run("governed ...{0,2} laws", "governed by the internal laws")).toBeUndefined();
    expect(run("governed ...{0,3} laws", "governed by the internal laws")?.text).toBe("governed by the internal laws");
  });

  it("prefers the longest vocabulary entry at a place", () => {
    expect(run("laws of [the] [State of] {place}", "laws of the State of West Virginia")?.slots.place).toBe("West Virginia");
  });

  it("reads a word glued to brackets as written: 424(b), Section 13(a)", () => {
    expect(run("pursuant to Rule 424(b)", "pursuant to Rule 424(b) under the Act")?.text).toBe("pursuant to Rule 424(b)");
    expect(run("Section 13(a)", "Section 13(a) of the Exchange Act")?.text).toBe("Section 13(a)");
  });

  it("matches dashes and spaces in a form number as real filings write them", () => {
    for (const t of ["Form S-3", "Form S- 3", "Form S–3", "Form S-l"]) expect(run("Form {form}", t)?.text, t).toBe(t);
    expect(slotValue(form, "S- 3")).toEqual({ kind: "entry", value: "S-3" });
    expect(slotValue(form, "S-l")).toEqual({ kind: "entry", value: "S-1" });
  });

  it("captures shapes as written", () => {
    const m = run("File No. {file-number}", "File No. 333-76589.");
    // The slot takes the shape of a value; the value is the longest leading run that is one.
    expect(slotPrefix(fileNumber, m?.slots.fileNumber as string)).toEqual({ value: { kind: "shape", value: "333-76589" }, length: 9 });
    expect(slotValue(fileNumber, "333-76589")).toEqual({ kind: "shape", value: "333-76589" });
  });

  it("matches an abbreviation in capitals only", () => {
    expect(slotValue(place, "PRC")).toEqual({ kind: "entry", value: "People's Republic of China" });
    expect(slotValue(place, "prc")).toBeUndefined();
    expect(slotValue(place, "china")).toEqual({ kind: "entry", value: "People's Republic of China" });
  });

  it("matches references and per-document aliases", () => {
    expect(run("laws {place}", "governed by the laws thereof")?.slots.place).toBe("thereof");
    expect(slotValue(place, "thereof")).toEqual({ kind: "reference", text: "thereof" });
    // A defined term standing for an entry: the slot's words are looked up with the aliases.
    expect(run("laws of the {place}", "the laws of the Governing Jurisdiction")?.slots.place).toBe("Governing Jurisdiction");
    expect(slotPrefix(place, "Governing Jurisdiction", new Map([["governingjurisdiction", "New York"]]))?.value).toEqual({ kind: "entry", value: "New York" });
  });

  it("in its exact form, a slot stands for the names given and nothing else", () => {
    const names = new Map([["place", ["New York"]]]);
    expect(run("laws of [the] {place}", "the laws of the state where it is, and the laws of New York", names)?.slots.place).toBe("New York");
    expect(run("laws of [the] {place}", "the laws of Delaware", names)).toBeUndefined();
    expect(run("laws of [the] {place}", "the laws of Delaware", new Map([["place", []]]))).toBeUndefined();
  });

  it("reads the longest entry at the start of a slot's words, and finds entries in a text", () => {
    expect(slotPrefix(place, "West Virginia without regard")).toEqual({ value: { kind: "entry", value: "West Virginia" }, length: 13 });
    expect(slotPrefix(place, "New York.")).toEqual({ value: { kind: "entry", value: "New York" }, length: 8 });
    expect(slotPrefix(place, "N.Y.")).toEqual({ value: { kind: "entry", value: "New York" }, length: 4 });
    expect(slotPrefix(place, "the state in which")).toBeUndefined();
    expect(entriesIn(place, "made in the State of New York and the PRC, not in prc")).toEqual([
      { value: "New York", index: 21, end: 29 },
      { value: "People's Republic of China", index: 38, end: 41 },
    ]);
  });

  it("names a slot's value with as", () => {
    expect(run("{place as jurisdiction} law", "New York law")?.slots.jurisdiction).toBe("New York");
  });
});

describe("mistakes in a pattern are located", () => {
  it("an unbalanced bracket", () => {
    expect(error("laws of (the | a")).toEqual({ message: expect.stringContaining("never closed"), offset: 8 });
    expect(error("laws of [the")).toMatchObject({ offset: 8 });
    expect(error("laws of the]")).toMatchObject({ message: expect.stringContaining("closes nothing"), offset: 11 });
  });
  it("an unknown vocabulary", () => {
    expect(error("laws of {jurisdicton}")).toMatchObject({ message: expect.stringContaining('no vocabulary "jurisdicton"'), offset: 9 });
  });
  it("a pattern that would match everywhere, or starts with a gap", () => {
    expect(error("[the]").message).toContain("optional");
    expect(error("... laws").message).toContain("gap");
  });
  it("two predicates, or an unclosed one", () => {
    expect(error("*filed* and *registered*")).toMatchObject({ offset: 12 });
    expect(error("*filed and")).toMatchObject({ message: expect.stringContaining("never closed"), offset: 0 });
  });
  it("an empty alternative", () => {
    expect(error("(laws | )")).toMatchObject({ message: expect.stringContaining("nothing after") });
  });
});
