/**
 * --format html, opened in a real browser: Debian's Chromium (/usr/bin/chromium), driven by
 * playwright-core. The page must show the summary and the highlighted clauses, load nothing
 * from anywhere, scroll to a clause when a finding is clicked, and print.
 * Without Chromium the browser tests are skipped: `apt-get install -y chromium` enables them
 * (.ci/run installs it when it is missing).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, ensureBuilt, runCli } from "../helpers/cli.js";
import { GAP_SAMPLE, MISSING_SAMPLE } from "../helpers/reports.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const CHROMIUM = "/usr/bin/chromium";
/** The flags STACK.md lists for Chromium on this kind of machine. */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const hasChromium = existsSync(CHROMIUM);

let tmp: string;
/** Report files by name, written by the built CLI. */
const reports: Record<string, string> = {};

beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("html");
  for (const [name, files] of Object.entries({ seed: [SEED], gap: [GAP_SAMPLE], many: [SEED, GAP_SAMPLE, MISSING_SAMPLE] })) {
    const out = join(tmp, `${name}.html`);
    const run = runCli(["check", "--output", out, ...files]);
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
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on("request", (r) => requests.push(r.url()));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

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
    expect(await row.first().locator("td").first().innerText()).toBe(SEED);
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

  it("prints: the on-screen legend is hidden in print, and Chromium renders a PDF", async () => {
    await open("many");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".legend.no-print").first().isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
  }, 60_000);

  /** The index of a rule's result in the documents (the same order in every document). */
  async function ruleIndex(ruleId: string): Promise<number> {
    const id = await page.locator(`section#d0 li.finding[data-rule="${ruleId}"]`).getAttribute("id");
    return Number(id?.split("-")[1]);
  }
});
