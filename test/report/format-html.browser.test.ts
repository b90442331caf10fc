/**
 * --format html, opened in a real browser: Debian's Chromium (/usr/bin/chromium), driven by
 * playwright-core. The page must show the summary and the highlighted clauses, load nothing
 * from anywhere, scroll to a clause when a finding is clicked, and print.
 * Without Chromium the browser tests are skipped: `apt-get install -y chromium` enables them
 * (.ci/run installs it when it is missing).
 */
// Page code run by page.evaluate sees the browser's globals; they are declared here for the
// type checker only (the project's tsconfig has no DOM library).
// biome-ignore lint/suspicious/noExplicitAny: browser globals, typed loosely
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals, typed loosely
declare const Node: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals, typed loosely
type Node = any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals, typed loosely
declare function getComputedStyle(element: any, pseudo?: string | null): any;
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, hasChromium, releaseBrowser, takeBrowser } from "../helpers/browser.js";
import { SEED, ensureBuilt, runCli } from "../helpers/cli.js";
import { printedPdf } from "../helpers/pdf.js";
import { GAP_SAMPLE, MISSING_SAMPLE, bundledRules } from "../helpers/reports.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const WARNING_SAMPLE = "samples/valence-s3-no-file-number.txt";
const NEGATED_SAMPLE = "samples/valence-s3-negated.txt";
const DOCX_SAMPLE = "samples/valence-ridgeway-1999.docx";


let tmp: string;
/** Report files by name, written by the built CLI. */
const reports: Record<string, string> = {};

beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("html");
  const runs = {
    seed: [SEED],
    gap: [GAP_SAMPLE],
    many: [SEED, GAP_SAMPLE, MISSING_SAMPLE],
    // d0 an error gap with a clause, d1 a missing clause, d2 a warning, d3 a negated clause, d4 a Word document.
    review: [GAP_SAMPLE, MISSING_SAMPLE, WARNING_SAMPLE, NEGATED_SAMPLE, DOCX_SAMPLE],
  };
  for (const [name, files] of Object.entries(runs)) {
    const out = join(tmp, `${name}.html`);
    const run = runCli(["check", "--quiet", "--output", out, ...files]);
    expect(run.stderr).toBe("");
    reports[name] = out;
  }
}, 120_000);
afterAll(() => removeTmpDir(tmp));

describe("the HTML file itself", () => {
  it("is one self-contained page: no external script, style, image or link, and a CSP forbidding loads", () => {
    const html = readFileSync(reports.many as string, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)=/i);
    expect(html).not.toMatch(/\burl\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`);
  });

  it("--format html is inferred from .html and from .htm", () => {
    const out = join(tmp, "inferred.htm");
    runCli(["check", "-o", out, SEED]);
    expect(readFileSync(out, "utf8").startsWith("<!DOCTYPE html>")).toBe(true);
  });
});

describe.skipIf(!hasChromium)(`in Chromium (skipped: ${CHROMIUM} is missing; run \`apt-get install -y chromium\` to enable)`, () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    browser = await takeBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on("request", (r) => requests.push(r.url()));
  }, 60_000);
  afterAll(async () => {
    await page?.close();
    releaseBrowser();
  });

  // After a print check, media is reset with `null`, not "screen": page.pdf() prints with the
  // emulated media, and "screen" would print without the print style sheet.
  async function open(name: string): Promise<void> {
    requests.length = 0;
    await page.goto(pathToFileURL(reports[name] as string).href);
  }

  /** True when the element's top lies inside the viewport. */
  async function inView(selector: string): Promise<boolean> {
    return page.locator(selector).first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < (globalThis as unknown as { innerHeight: number }).innerHeight;
    });
  }

  it("the seed: the summary shows one document with five ✓ and the totals", async () => {
    await open("seed");
    await expect.poll(() => page.locator("#totals").innerText()).toMatch(/1 document checked against 5 rules: 5 passed, 0 gaps/);
    const row = page.locator("table.summary tbody tr");
    expect(await row.count()).toBe(1);
    expect(await row.first().locator("th").first().innerText()).toBe(SEED);
    expect(await row.first().locator(".mark-pass").count()).toBe(5);
    expect(await page.locator("table.summary").isVisible()).toBe(true);
  });

  it("the seed: each clause that met a rule is highlighted in the agreement's text", async () => {
    await open("seed");
    const marks = page.locator("pre.agreement mark.pass");
    expect(await marks.count()).toBeGreaterThanOrEqual(5);
    expect(await marks.first().isVisible()).toBe(true);
    const law = await page.locator('pre.agreement mark[data-clauses~="c0-' + (await ruleIndex("governing-law")) + '-0"]').allInnerTexts();
    expect(law.join("").replace(/\s+/g, " ")).toContain("shall be governed and construed in accordance with the substantive laws of the State of New York");
    expect(await page.locator("pre.agreement mark.gap").count()).toBe(0);
  });

  it("the seed: clicking a finding scrolls its clause into view and outlines it", async () => {
    await open("seed");
    const ri = await ruleIndex("governing-law");
    const target = `#c0-${ri}-0`;
    expect(await inView(target), "the clause starts below the fold").toBe(false);
    await page.locator(`li.finding[data-rule="governing-law"] a.goto`).first().click();
    await expect.poll(() => inView(target)).toBe(true);
    await expect.poll(() => page.locator("pre.agreement mark.flash").count()).toBeGreaterThan(0);
    expect((await page.locator("pre.agreement mark.flash").allInnerTexts()).join("")).toContain("governed and construed");
  });

  it("a gap sample: the gap is listed first with its explanation, its clause highlighted as a gap, and a click scrolls to it", async () => {
    await open("gap");
    const first = page.locator("li.finding").first();
    expect(await first.getAttribute("data-rule")).toBe("s3-registration");
    expect(await first.getAttribute("class")).toContain("gap");
    const text = await first.innerText();
    expect(text).toContain("Section 2(a) names a registration statement on Form S-1, not Form S-3.");
    expect(text).toContain("Expected S-3 or S-3ASR; found S-1.");
    expect(text).toMatch(/on Form S-1, Commission File Number 333-76589/);
    expect(text).toMatch(/Why it matters: Shares sold off an effective Form S-3 shelf/);
    const gapMarks = page.locator("pre.agreement mark.gap");
    expect(await gapMarks.count()).toBeGreaterThan(0);
    expect((await gapMarks.allInnerTexts()).join("")).toContain("Form S-1");
    expect(await page.locator("table.summary .mark-gap").count()).toBe(1);

    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)");
    const ri = await ruleIndex("s3-registration");
    expect(await inView(`#c0-${ri}-0`)).toBe(false);
    await first.locator("a.goto").first().click();
    await expect.poll(() => inView(`#c0-${ri}-0`)).toBe(true);
  });

  it("several documents: the summary has a row each, and a missing clause says where it usually stands", async () => {
    await open("many");
    expect(await page.locator("table.summary tbody tr").count()).toBe(3);
    const missing = page.locator('section#d2 li.finding[data-rule="governing-law"]');
    expect(await missing.innerText()).toMatch(/Where such a clause usually stands: Near the end, among the miscellaneous provisions\./);
    expect(await missing.locator("a.goto").count()).toBe(0);
    // A summary cell links to its finding.
    await page.locator("table.summary tbody tr").nth(2).locator("a .mark-gap").click();
    await expect.poll(() => page.evaluate<string>("location.hash")).toMatch(/^#f2-\d+$/);
    await expect.poll(() => inView('section#d2 li.finding[data-rule="governing-law"]')).toBe(true);
  });

  it("clicking a highlighted clause goes back to its finding", async () => {
    await open("gap");
    await page.locator("pre.agreement mark.gap").first().click();
    await expect.poll(() => page.evaluate<string>("location.hash")).toBe(`#f0-${await ruleIndex("s3-registration")}`);
  });

  it("loads nothing but the file itself", async () => {
    await open("many");
    await page.waitForLoadState("load");
    expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("prints: the on-screen hints are hidden in print, and Chromium renders a PDF", async () => {
    await open("many");
    expect(await page.locator(".no-print").first().isVisible()).toBe(true);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".no-print").first().isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.emulateMedia({ media: null });
  }, 60_000);

  it("prints the colour key with the agreement, its colours included", async () => {
    await open("review");
    await page.emulateMedia({ media: "print" });
    const key = page.locator("section#d0 p.legend");
    expect(await key.isVisible()).toBe(true);
    expect(await key.innerText()).toMatch(/a clause with a gap.*a warning.*a clause that meets a rule/s);
    const style = await key.locator("mark.gap").evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, adjust: s.getPropertyValue("print-color-adjust") || s.getPropertyValue("-webkit-print-color-adjust") };
    });
    expect(style.background).not.toBe("rgba(0, 0, 0, 0)");
    expect(style.adjust).toBe("exact");
    await page.emulateMedia({ media: null });
  });

  it("prints without a near-empty first page: the first document starts on page 1, under the summary", async () => {
    for (const name of ["seed", "review"]) {
      await open(name);
      const pdf = printedPdf(await page.pdf({ format: "A4" }));
      const first = pdf.destinations.get("d0");
      expect(first, `${name}: no destination d0 in the PDF`).toBeDefined();
      expect(first?.page, `${name}: the first document starts on page ${(first?.page ?? 0) + 1}`).toBe(0);
    }
  }, 60_000);

  it("prints each further document from a new page", async () => {
    await open("review");
    const pdf = printedPdf(await page.pdf({ format: "A4" }));
    let previous = -1;
    for (let i = 0; i < 5; i++) {
      const d = pdf.destinations.get(`d${i}`);
      expect(d, `no destination d${i}`).toBeDefined();
      const at = d as { page: number; y: number };
      expect(at.page, `d${i} starts on the page of d${i - 1}`).toBeGreaterThan(previous);
      // Every document after the first starts at the top of its page.
      if (i > 0) expect(at.y, `d${i} at ${at.y} of ${pdf.pageHeight}`).toBeGreaterThan(pdf.pageHeight * 0.9);
      previous = at.page;
    }
  }, 60_000);

  it("numbers the agreement's lines as the file does, so that 22:56 is found on screen and on paper", async () => {
    await open("review");
    const line = page.locator('section#d0 pre.agreement .ln[data-n="22"]');
    expect(await line.count()).toBe(1);
    const text = (await line.textContent()) ?? "";
    // Column 56 of line 22 is where the quoted clause starts; the number itself is not part of the text.
    expect(text.slice(55)).toBe("the shares of Common");
    expect(await line.evaluate((el) => getComputedStyle(el, "::before").content)).toBe('"22"');
    await page.emulateMedia({ media: "print" });
    expect(await line.evaluate((el) => getComputedStyle(el, "::before").content)).toBe('"22"');
    await page.emulateMedia({ media: null });
    // The number stands in the margin, left of the line's text.
    const box = await line.evaluate((el) => {
      const r = document.createRange();
      r.setStart(el.firstChild as Node, 0);
      return { line: el.getBoundingClientRect().left, text: r.getBoundingClientRect().left };
    });
    expect(box.text).toBeGreaterThan(box.line + 10);
  });

  it("numbers a Word document's paragraphs: 13:46 is paragraph 13", async () => {
    await open("review");
    const s3 = page.locator('section#d4 li.finding[data-rule="s3-registration"] a.goto').first();
    expect(await s3.innerText()).toContain(`${DOCX_SAMPLE}:13:46`);
    const para = page.locator('section#d4 pre.agreement .ln[data-n="13"]');
    expect(await para.textContent()).toContain("the shares of Common Stock issued by the Company to the Purchaser have been registered");
    expect(await page.locator("section#d4 p.legend").innerText()).toContain("paragraph of the Word document");
  });

  it("emphasises the words a gap is about inside its clause and its quote", async () => {
    await open("review");
    expect(await page.locator("section#d0 pre.agreement mark.gap em.offending").allInnerTexts()).toEqual(["Form S-1"]);
    expect(await page.locator('section#d0 li.finding[data-rule="s3-registration"] q em.offending').allInnerTexts()).toEqual(["Form S-1"]);
    const negated = await page.locator("section#d3 pre.agreement mark.gap em.offending").allInnerTexts();
    expect(negated.join(" ").toLowerCase()).toBe("have not been registered");
    const weight = await page.locator("section#d0 pre.agreement em.offending").first().evaluate((el) => getComputedStyle(el).fontWeight);
    expect(Number(weight)).toBeGreaterThanOrEqual(700);
    // A passing clause has nothing emphasised.
    expect(await page.locator("section#d0 pre.agreement mark.pass em.offending").count()).toBe(0);
  });

  it("heads the summary's columns with the rules' titles, not their ids", async () => {
    await open("review");
    const heads = await page.locator("table.summary thead th").allInnerTexts();
    expect(heads.map((h) => h.replace(/\s+/g, " ").trim())).toEqual(["Document", ...bundledRules().rules.map((r) => r.title)]);
  });

  it("shows a warning as a warning: ⚠ and amber, not the red ✗ card of an error", async () => {
    await open("review");
    const warning = page.locator('section#d2 li.finding[data-rule="s3-registration"]');
    const error = page.locator('section#d0 li.finding[data-rule="s3-registration"]');
    expect(await warning.getAttribute("class")).toContain("warning");
    expect(await warning.getAttribute("class")).not.toMatch(/\bgap\b/);
    expect(await warning.locator(".head .mark").innerText()).toBe("⚠");
    expect(await error.locator(".head .mark").innerText()).toBe("✗");
    const border = (l: typeof warning) => l.evaluate((el) => [getComputedStyle(el).borderLeftColor, getComputedStyle(el).backgroundColor].join(" "));
    expect(await border(warning)).not.toBe(await border(error));
    expect(await page.locator("table.summary tbody tr").nth(2).locator(".mark-warning").innerText()).toBe("⚠");
    expect(await page.locator("table.summary tbody tr").nth(2).locator(".mark-gap").count()).toBe(0);
    expect(await page.locator("section#d2 pre.agreement mark.warning").count()).toBeGreaterThan(0);
    expect(await page.locator("section#d2 pre.agreement mark.gap").count()).toBe(0);
  });

  it("a missing clause says in words what was looked for; no pattern anywhere on the page", async () => {
    await open("review");
    const missing = page.locator('section#d1 li.finding[data-rule="governing-law"]');
    expect(await missing.innerText()).toContain("Looked for: The agreement chooses the law that governs it");
    const body = await page.locator("body").innerText();
    for (const p of bundledRules().rules.flatMap((r) => r.find.map((f) => f.source)).filter((f) => /[[(*{]|\.\.\./.test(f))) {
      expect(body.includes(p), `the page shows the pattern ${p}`).toBe(false);
    }
    expect(body).not.toMatch(/\.\.\.\{0,\d+\}/);
  });

  it("at phone width (375 px): nothing scrolls sideways, and each summary cell is labelled with its rule", async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    try {
      await phone.goto(pathToFileURL(reports.review as string).href);
      const widths = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll, "the page is wider than the phone").toBeLessThanOrEqual(widths.client);
      const titles = bundledRules().rules.map((r) => r.title);
      const cells = await phone.locator("table.summary tbody tr").first().locator("td").evaluateAll((tds) =>
        tds.map((td) => ({ label: getComputedStyle(td, "::before").content, right: td.getBoundingClientRect().right, height: td.getBoundingClientRect().height })),
      );
      expect(cells.map((c) => c.label)).toEqual(titles.map((t) => JSON.stringify(t)));
      for (const c of cells) {
        expect(c.right).toBeLessThanOrEqual(375);
        expect(c.height).toBeGreaterThan(10);
      }
      // The ✗ of the first document still leads to its finding.
      await phone.locator("table.summary tbody tr").first().locator("a .mark-gap").click();
      await expect.poll(() => phone.evaluate<string>("location.hash")).toMatch(/^#f0-\d+$/);
    } finally {
      await phone.close();
    }
  });

  /** The index of a rule's result in the documents (the same order in every document). */
  async function ruleIndex(ruleId: string): Promise<number> {
    const id = await page.locator(`section#d0 li.finding[data-rule="${ruleId}"]`).getAttribute("id");
    return Number(id?.split("-")[1]);
  }
});
