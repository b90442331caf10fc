/**
 * Clauses a lawyer must not sign on: each is missing, negated, only promised, conditional or
 * names something else, and every one must come out as a gap of the bundled rule (a false pass
 * is the worst bug this tool can have). Written in our own words, beyond the rules' examples.
 */
import { describe, expect, it } from "vitest";
import { checkAgreement } from "../../src/check/check-agreement.js";
import { sourceFromText } from "../../src/ingest/read-document.js";
import { bundledRulesDir, loadRules } from "../../src/index.js";

const rules = loadRules(bundledRulesDir);

const CASES: [rule: string, reason: string, text: string][] = [
  ["s3-registration", "future", "The Shares will be issued pursuant to an effective registration statement on Form S-3 (File No. 333-123456)."],
  ["s3-registration", "conditional", "Upon the registration statement on Form S-3 (File No. 333-123456) being declared effective, the Company shall issue the Shares."],
  ["s3-registration", "future", "The Company shall use its best efforts to cause the registration statement on Form S-3 (File No. 333-123456) to be declared effective."],
  ["s3-registration", "negated", "The Company has filed a registration statement on Form S-3 (File No. 333-123456), which the Commission has not declared effective."],
  ["s3-registration", "negated", "No registration statement on Form S-3 covering the Shares has been declared effective by the Commission."],
  ["s3-registration", "future", "The resale of the Shares will be registered under the Securities Act on Form S-3 (File No. 333-123456)."],
  ["s3-registration", "conditional", "If the registration statement on Form S-3 (File No. 333-123456) is effective, the Purchaser may resell the Shares."],
  ["prospectus-supplement", "future", "Prior to the Closing, the Company will have filed a prospectus supplement."],
  ["prospectus-supplement", "negated", "The Company has not yet filed the prospectus supplement."],
  ["prospectus-supplement", "future", "A prospectus supplement describing the offering is expected to be filed with the Commission."],
  ["exchange-listing", "future", "The Company will apply to list the Shares on the Nasdaq Capital Market."],
  ["exchange-listing", "deviating", "The Common Stock is quoted on the OTC Pink marketplace and is not listed on any exchange."],
  ["exchange-listing", "deviating", "The Company has applied to have the Shares quoted on the OTCQB."],
  ["exchange-listing", "missing", "The Company's Common Stock was delisted from the Nasdaq Capital Market."],
  ["governing-law", "missing", "The courts of the State of New York shall have exclusive jurisdiction over any dispute."],
  ["governing-law", "missing", "Each party is a corporation organized under the laws of the State of Delaware."],
  ["counterparts", "missing", "Notices may be delivered by facsimile or e-mail to the addresses below."],
  ["counterparts", "negated", "This Agreement may not be executed in counterparts, and facsimile signatures shall not be binding."],
];

describe("no false pass", () => {
  it.each(CASES)("%s: %s — %s", async (rule, reason, text) => {
    const report = await checkAgreement(sourceFromText(text, "clause.txt"), rules);
    const r = report.results.find((x) => x.ruleId === rule);
    expect(r?.status).toBe("gap");
    expect(r?.reason).toBe(reason);
  });
});
