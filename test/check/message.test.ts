/**
 * The wording of results at its source: placeholders filled in words, no empty brackets, no
 * "yes"/"no" for what a clause provides, no "expected present, found (not found)".
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledRulesDir, checkAgreement, loadRules, sourceFromText } from "../../src/index.js";
import { fillMessage, listInWords, pickMessage } from "../../src/check/message.js";
import { SEED } from "../helpers/cli.js";
import { bundledRules, checkSample } from "../helpers/reports.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const ctx = (found: string, values = {}) => ({ where: "Section 2", found, title: "Prospectus supplement filed", values });

describe("fillMessage", () => {
  it("leaves out a bracket quoting {found} when no words decided the statement, instead of printing it empty", () => {
    expect(fillMessage("{where} mentions it ({found}).", ctx(""))).toBe("Section 2 mentions it.");
    expect(fillMessage('{where} refuses it ("{found}"): not effective.', ctx(""))).toBe("Section 2 refuses it: not effective.");
    expect(fillMessage('{where} refuses it ("{found}").', ctx("shall not"))).toBe('Section 2 refuses it ("shall not").');
  });

  it("writes a list out in words", () => {
    expect(fillMessage("by {via}.", ctx("", { via: ["facsimile", "email", "pdf"] }))).toBe("by facsimile, email or pdf.");
    expect(listInWords(["S-3", "S-3ASR"])).toBe("S-3 or S-3ASR");
    expect(listInWords(["S-3"])).toBe("S-3");
  });
});

describe("pickMessage", () => {
  const alternatives = [
    { when: ["counterparts", "electronicDelivery"], message: "both" },
    { when: ["counterparts"], message: "counterparts" },
    { message: "delivery" },
  ];
  it("takes the first alternative whose values are all present (true, a non-empty list)", () => {
    expect(pickMessage(alternatives, { counterparts: true, electronicDelivery: ["fax"] })).toBe("both");
    expect(pickMessage(alternatives, { counterparts: true, electronicDelivery: [] })).toBe("counterparts");
    expect(pickMessage(alternatives, { counterparts: false, electronicDelivery: ["fax"] })).toBe("delivery");
    expect(pickMessage("one", {})).toBe("one");
  });
});

describe("messages of the bundled rules, on the samples", () => {
  it("a passing counterparts clause says what it provides, not 'counterparts: no'", async () => {
    const seed = (await checkSample(SEED)).report.results.find((r) => r.ruleId === "counterparts");
    expect(seed?.message).toBe("Section 6 allows delivery of signatures by facsimile.");
    const only = (await checkSample("samples/valence-counterparts-only.txt")).report.results.find((r) => r.ruleId === "counterparts");
    expect(only?.message).toBe("Section 6 allows execution in counterparts.");
    const both = (await checkSample("samples/redrafted-purchase-agreement.txt")).report.results.find((r) => r.ruleId === "counterparts");
    expect(both?.message).toBe("Section 7(c) allows execution in counterparts and delivery of signatures by email, pdf, DocuSign or electronic.");
  });

  it("an absent value (no file number) has no expected/actual: the message says what is missing", async () => {
    const r = (await checkSample("samples/valence-s3-no-file-number.txt")).report.results.find((x) => x.ruleId === "s3-registration");
    expect(r?.reason).toBe("incomplete");
    expect(r?.expected).toBeUndefined();
    expect(r?.actual).toBeUndefined();
    expect(r?.message).toContain("gives no Commission File Number");
  });

  it("a deviating value says what was required and found, a list written out in words", async () => {
    const s1 = (await checkSample("samples/valence-s3-form-s1.txt")).report.results.find((x) => x.ruleId === "s3-registration");
    expect([s1?.expected, s1?.actual]).toEqual(["S-3 or S-3ASR", "S-1"]);
    const otc = (await checkSample("samples/valence-listing-otc.txt")).report.results.find((x) => x.ruleId === "exchange-listing");
    expect(otc?.expected).toMatch(/^NASDAQ Global Select Market, NASDAQ Global Market, .* or NYSE American$/);
    expect(otc?.actual).toBe("OTC Bulletin Board");
  });

  it("a filing only mentioned, with no words deciding how, reads without empty brackets", async () => {
    const source = sourceFromText("(ii) a suspension or material limitation in trading in securities generally on the New York Stock Exchange;\n", "x.txt");
    const r = (await checkAgreement(source, bundledRules())).results.find((x) => x.ruleId === "exchange-listing");
    expect(r?.reason).toBe("mentioned");
    expect(r?.statementCue).toBeUndefined();
    expect(r?.message).not.toContain("()");
    expect(r?.message).toMatch(/speaks of this subject but does not state that it has been done\.$/);
  });

  it("a negated clause: the rule's own wording, or the default one, never 'not met: <title>'", async () => {
    const listing = (await checkSample("samples/valence-listing-negated.txt")).report.results.find((x) => x.ruleId === "exchange-listing");
    expect(listing?.message).toBe('Section 3 states that no listing application has been filed, or that the shares are not listed ("has not filed").');
    // Without the rule's own negated message, the default.
    const dir = mkdtempSync(join(tmpdir(), "clausecheck-messages-"));
    made.push(dir);
    cpSync(bundledRulesDir, dir, { recursive: true });
    const file = join(dir, "prospectus-supplement.yaml");
    const before = readFileSync(file, "utf8");
    const after = before.replace(/^ {2}negated: .*\n/m, "");
    expect(after).not.toBe(before);
    writeFileSync(file, after);
    const { source } = await checkSample("samples/valence-prospectus-negated.txt");
    const r = (await checkAgreement(source, loadRules(dir))).results.find((x) => x.ruleId === "prospectus-supplement");
    expect(r?.message).toBe('Section 2(b) states the opposite ("has not filed"), so the requirement "Prospectus supplement filed" is not met.');
  });
});
