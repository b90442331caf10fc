/** The words a gap is about, found in its quotes, and quotes cut around them. */
import { describe, expect, it } from "vitest";
import { formatHtml, formatText } from "../../src/index.js";
import { findPhrases, offendingPhrases } from "../../src/report/offending-words.js";
import { innerQuotes, shortQuote } from "../../src/report/quote.js";
import { SEED } from "../helpers/cli.js";
import { GAP_SAMPLE, bundledRules, sampleReport } from "../helpers/reports.js";

const OTCQB_BY_DEFINITION = "test/fixtures/corpus/ud-legal-033f1440-purchase-agreement.txt";
const rule = (id: string) => bundledRules().rules.find((r) => r.id === id);

describe("offendingPhrases", () => {
  it("a deviating value: the stretch the rule's capture read it from, cut where the value ends", async () => {
    const r = (await sampleReport([GAP_SAMPLE])).report.documents[0]?.results.find((x) => x.ruleId === "s3-registration");
    const clause = r?.evidence[0]?.text ?? "";
    expect(offendingPhrases(r as never, clause, rule("s3-registration"))).toEqual(["Form S-1"]);
    // Without the rule's captures, the value as the report gives it.
    expect(offendingPhrases(r as never, clause)).toEqual(["S-1"]);
  });

  it("a negated clause: the words that decided it; a passing clause: nothing", async () => {
    const { report } = await sampleReport(["samples/valence-s3-negated.txt", SEED]);
    const negated = report.documents[0]?.results.find((x) => x.ruleId === "s3-registration");
    expect(offendingPhrases(negated as never, negated?.evidence[0]?.text ?? "")).toEqual(["have not been registered"]);
    const pass = report.documents[1]?.results.find((x) => x.ruleId === "s3-registration");
    expect(offendingPhrases(pass as never, pass?.evidence[0]?.text ?? "", rule("s3-registration"))).toEqual([]);
  });

  it("a deviating value read from a definition is found in the definition's quote, a statement's words never are", async () => {
    const r = (await sampleReport([OTCQB_BY_DEFINITION])).report.documents[0]?.results.find((x) => x.ruleId === "exchange-listing");
    const definition = r?.evidence.find((e) => e.role === "definition");
    expect(definition).toBeDefined();
    // The vocabulary writes the market "the OTCQB": the capture reads the article with it.
    expect(offendingPhrases(r as never, definition?.text ?? "", rule("exchange-listing"), "definition")).toEqual(["The OTCQB"]);
    const negated = (await sampleReport(["samples/valence-s3-negated.txt"])).report.documents[0]?.results.find((x) => x.ruleId === "s3-registration");
    expect(offendingPhrases(negated as never, "has not been registered", undefined, "definition")).toEqual([]);
  });

  it("findPhrases matches whatever the case and the white space, whole words only", () => {
    expect(findPhrases("They HAVE NOT\n  been registered; not S-10", ["have not been registered", "S-1"])).toEqual([{ start: 5, end: 31 }]);
  });
});

describe("in the reports", () => {
  it("text: the definition's quote has the deviating value underlined", async () => {
    const { report } = await sampleReport([OTCQB_BY_DEFINITION]);
    const out = formatText(report, { color: true, rules: bundledRules().rules });
    expect(/definition of “Principal Market”: .*\u001b\[1m\u001b\[4mThe OTCQB/.test(out)).toBe(true);
  });

  it("html: emphasised inside the highlighted definition in the agreement", async () => {
    const { report, texts } = await sampleReport([OTCQB_BY_DEFINITION]);
    const html = formatHtml(report, { texts, rules: bundledRules().rules });
    expect(/<mark class="definition"[^>]*><em class="offending">The OTCQB<\/em><\/mark>/.test(html)).toBe(true);
  });
});

describe("quotes", () => {
  it("shortQuote keeps the focus, cutting at words with … on the side that was cut", () => {
    const text = `${"word ".repeat(40)}Form S-1 ${"tail ".repeat(40)}`.trim();
    const at = text.indexOf("Form S-1");
    const q = shortQuote(text, 60, { start: at, end: at + 8 });
    expect(q).toContain("Form S-1");
    expect(q.length).toBeLessThanOrEqual(60);
    expect(q).toMatch(/^… word .* tail …$/);
    expect(shortQuote(text, 60)).toMatch(/^word word .* …$/);
    expect(shortQuote("short", 60)).toBe("short");
  });

  it("innerQuotes nests a quote's own quotation marks", () => {
    expect(innerQuotes('"Prospectus Supplement" means the “Supplement”')).toBe("‘Prospectus Supplement’ means the ‘Supplement’");
  });
});
