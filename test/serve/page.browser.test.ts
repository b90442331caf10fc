/**
 * The review desk at /, in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core, against the built CLI's server. Upload a sample and see its findings,
 * download the report, compare the seed with a draft whose governing-law clause was removed
 * and see it listed as opened, type clauses in the playground and see meets / fails change;
 * the page loads nothing from anywhere else, works from the keyboard and at phone width.
 * Screenshots go to a temporary folder (or CLAUSECHECK_SCREENSHOTS), named in the output.
 * Without Chromium the tests are skipped, as the HTML report's are.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/index.js";
import { CHROMIUM, hasChromium, releaseBrowser, takeBrowser } from "../helpers/browser.js";
import { SEED, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { GAP_SAMPLE, MISSING_SAMPLE } from "../helpers/reports.js";
import { describeErrors, validateReport } from "../helpers/schemas.js";
import { type RunningServer, startServer } from "../helpers/server.js";
import { makeTmpDir } from "../helpers/tmp.js";


describe.skipIf(!hasChromium)(`the review desk in Chromium (skipped: ${CHROMIUM} is missing; run \`apt-get install -y chromium\` to enable)`, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let shots: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    shots = process.env.CLAUSECHECK_SCREENSHOTS ?? makeTmpDir("desk-shots");
    mkdirSync(shots, { recursive: true });
    server = await startServer(["--no-config"]);
    browser = await takeBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      // Chromium logs every 4xx answer as "Failed to load resource"; the tests ask for some.
      if ((m.type() === "error" || m.type() === "warning") && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
  }, 90_000);

  afterAll(async () => {
    await page?.close();
    releaseBrowser();
    await server?.stop();
    // Left for a person to look at (the README's screenshot is one of them).
    process.stdout.write(`review desk screenshots: ${shots}\n`);
  });

  /** Loads the page afresh (not a same-document jump to another #hash). */
  async function open(hash = ""): Promise<void> {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("about:blank");
    await page.goto(`${server.url}/${hash}`);
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(shots, `${name}.png`) });
  }

  it("is served with a strict Content-Security-Policy and loads nothing from anywhere else", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>|<style>|\sstyle=|\son[a-z]+=/i);
    requests.length = 0;
    await open();
    await page.waitForLoadState("load");
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
  });

  it("upload a sample: its findings, the gap first with its explanation, and the clause highlighted", async () => {
    await open();
    await page.setInputFiles("#review-file", join(repoRoot, GAP_SAMPLE));
    const gap = page.locator('#review-result li.finding[data-rule="s3-registration"]');
    await expect.poll(() => gap.count(), { timeout: 30_000 }).toBe(1);
    expect(await gap.getAttribute("class")).toContain("gap");
    expect(await gap.innerText()).toContain("Section 2(a) names a registration statement on Form S-1, not Form S-3.");
    expect(await page.locator("#review-result li.finding").first().getAttribute("data-rule")).toBe("s3-registration");
    expect(await page.locator("#review-result table.summary .mark-gap").count()).toBe(1);
    expect(await page.locator("#review-result table.summary .mark-pass").count()).toBe(4);
    expect((await page.locator("#review-result pre.agreement mark.gap").allInnerTexts()).join("")).toContain("Form S-1");
    expect(await page.locator("#review-status").innerText()).toBe("Checked valence-s3-form-s1.txt.");
    // A finding's link takes the reader to its clause, outlined.
    await gap.locator("a.goto").first().click();
    await expect.poll(() => page.locator("#review-result pre.agreement mark.flash").count()).toBeGreaterThan(0);
    await shot("review");
  });

  it("the report downloads as JSON (the same report) and as HTML", async () => {
    const [json] = await Promise.all([page.waitForEvent("download"), page.locator('#review-downloads button[data-format="json"]').click()]);
    expect(json.suggestedFilename()).toBe("valence-s3-form-s1.clausecheck.json");
    const report = JSON.parse(readFileSync((await json.path()) as string, "utf8")) as Report;
    expect(validateReport(report), describeErrors(validateReport.errors).join("\n")).toBe(true);
    expect(report.documents[0]?.results.find((r) => r.ruleId === "s3-registration")?.reason).toBe("deviating");
    const [html] = await Promise.all([page.waitForEvent("download"), page.locator('#review-downloads button[data-format="html"]').click()]);
    expect(html.suggestedFilename()).toBe("valence-s3-form-s1.clausecheck.html");
    expect(readFileSync((await html.path()) as string, "utf8").startsWith("<!DOCTYPE html>")).toBe(true);
  });

  it("pasted text is checked too", async () => {
    await open();
    await page.locator("#review-paste summary").click();
    await page.fill("#review-text", readFileSync(join(repoRoot, MISSING_SAMPLE), "utf8"));
    await page.locator("#review-text-check").click();
    const law = page.locator('#review-result li.finding[data-rule="governing-law"]');
    await expect.poll(() => law.count(), { timeout: 30_000 }).toBe(1);
    expect(await law.innerText()).toMatch(/Where such a clause usually stands/);
  });

  it("compare the seed with a draft whose governing-law clause was removed: listed as opened, the clauses side by side", async () => {
    await open("#compare");
    expect(await page.locator("#panel-compare").isVisible()).toBe(true);
    await page.setInputFiles("#before-file", join(repoRoot, SEED));
    expect(await page.locator("#compare-status").innerText()).toBe("Now choose the later draft.");
    await page.setInputFiles("#after-file", join(repoRoot, MISSING_SAMPLE));
    const row = page.locator('#compare-result tr[data-rule="governing-law"]');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getAttribute("data-change")).toBe("opened");
    expect(await page.locator("#compare-result tbody tr").first().getAttribute("data-rule")).toBe("governing-law");
    expect(await page.locator('#compare-result tr[data-change="unchanged"]').count()).toBe(4);
    const item = page.locator("#compare-result li#x-governing-law");
    expect(await item.locator(".side.before").innerText()).toContain("valence-ridgeway-1999.txt:41:11 §5");
    expect(await item.locator(".side.before blockquote").innerText()).toContain("laws of the State of New York");
    expect(await item.locator(".side.after").innerText()).toContain("No such clause.");
    expect(await item.locator(".differences").innerText()).toContain("jurisdiction: New York → (none)");
    await shot("compare");
  });

  it("the playground: type a clause and see meets / fails change as you type, with the statement, values and matched parts", async () => {
    await open("#playground");
    await expect.poll(() => page.locator("#pg-rule option").count(), { timeout: 30_000 }).toBe(6);
    await page.selectOption("#pg-rule", "governing-law");
    await expect.poll(() => page.inputValue("#pg-rule-text")).toContain("id: governing-law");
    await page.locator("#pg-clause").pressSequentially("This Agreement shall be governed by the laws of the State of Delaware.", { delay: 5 });
    await expect.poll(() => page.locator("#pg-outcome").innerText(), { timeout: 20_000 }).toBe("✓ Meets the rule");
    const details = page.locator("#pg-details");
    expect(await details.innerText()).toContain("jurisdiction = Delaware");
    expect(await details.innerText()).toMatch(/Statement\s+future \("shall be governed"\)/);
    expect(await details.locator("table.parts").first().innerText()).toMatch(/\*govern\*\s+governed/);
    await shot("playground-meets");
    // A forum clause is no choice of law.
    await page.fill("#pg-clause", "The parties submit to the jurisdiction of the courts of the State of New York.");
    await expect.poll(() => page.locator("#pg-outcome").innerText(), { timeout: 20_000 }).toBe("✗ Fails: error gap, missing");
    expect(await details.innerText()).toContain("Near misses");
    // "has filed" meets the prospectus rule, "will file" fails it.
    await page.selectOption("#pg-rule", "prospectus-supplement");
    await page.fill("#pg-clause", "The Company has filed a prospectus supplement.");
    await expect.poll(() => page.locator("#pg-outcome").innerText(), { timeout: 20_000 }).toBe("✓ Meets the rule");
    await page.fill("#pg-clause", "The Company will file a prospectus supplement.");
    await expect.poll(() => page.locator("#pg-outcome").innerText(), { timeout: 20_000 }).toBe("✗ Fails: error gap, future");
    await shot("playground-fails");
  });

  it("the playground: an edited rule runs as written, and a mistake in it is shown at line:column", async () => {
    const source = await page.inputValue("#pg-rule-text");
    // Accept a promise for this one rule: the same clause now meets it.
    await page.fill("#pg-rule-text", source.replace("statement: done", "statement: affirmative"));
    await expect.poll(() => page.locator("#pg-outcome").innerText(), { timeout: 20_000 }).toBe("✓ Meets the rule");
    expect(await page.locator("#playground-status").innerText()).toBe("The rule file as written here (not saved anywhere).");
    const broken = source.replace("severity: error", "severity: errorr");
    await page.fill("#pg-rule-text", broken);
    const problem = page.locator("#pg-problems li");
    await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1);
    const line = broken.split("\n").findIndex((l) => l.startsWith("severity:")) + 1;
    expect(await problem.innerText()).toBe(`${line}:11 RULE_SCHEMA severity is "errorr", which must be one of: error, warning, info (did you mean "error"?)`);
    // Choosing the mistake puts the cursor on it.
    await problem.locator("button").click();
    const caret = await page.locator("#pg-rule-text").evaluate((el) => (el as unknown as { selectionStart: number }).selectionStart);
    expect(broken.slice(caret, caret + 6)).toBe("errorr");
    await shot("playground-problem");
  });

  it("works from the keyboard: arrows move between the tabs, Tab reaches the file button", async () => {
    await open();
    await page.locator("#tab-review").focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe("tab-compare");
    expect(await page.locator("#panel-compare").isVisible()).toBe(true);
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#panel-playground").isVisible()).toBe(true);
    await page.keyboard.press("Home");
    expect(await page.locator("#panel-review").isVisible()).toBe(true);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe("review-file");
  });

  it("reads at phone width: nothing wider than the screen but the tables, which scroll", async () => {
    await open();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.setInputFiles("#review-file", join(repoRoot, GAP_SAMPLE));
    await expect.poll(() => page.locator("#review-result li.finding").count(), { timeout: 30_000 }).toBe(5);
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot("phone-review");
    await page.locator("#tab-compare").click();
    await page.setInputFiles("#before-file", join(repoRoot, SEED));
    await page.setInputFiles("#after-file", join(repoRoot, MISSING_SAMPLE));
    await expect.poll(() => page.locator("#compare-result li.change-item").count(), { timeout: 30_000 }).toBe(5);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot("phone-compare");
  });

  it("a bad file is one line in an alert, no stack trace", async () => {
    await open();
    await page.setInputFiles("#review-file", { name: "broken.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from("PK\u0003\u0004 not a zip") });
    const alert = page.locator("#desk-error");
    await expect.poll(() => alert.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await alert.innerText()).toBe("broken.docx: not a Word .docx file (a damaged or truncated zip archive)");
  });

  it("logged no script error or CSP violation in the browser's console", () => {
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!hasChromium)("the review desk with a token", () => {
  it("asks for the token, then works", async () => {
    ensureBuilt();
    const server = await startServer(["--no-config", "--jobs", "1"], { env: { CLAUSECHECK_TOKEN: "desk-token" } });
    // A page of its own (a fresh context: no token remembered from the other tests).
    const browser = await takeBrowser();
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/`);
      await page.setInputFiles("#review-file", join(repoRoot, SEED));
      await expect.poll(() => page.locator("#token-form").isVisible(), { timeout: 20_000 }).toBe(true);
      await page.fill("#token-input", "desk-token");
      await page.locator("#token-form button").click();
      await expect.poll(() => page.locator("#review-result li.finding").count(), { timeout: 30_000 }).toBe(5);
      expect(await page.locator("#token-form").isVisible()).toBe(false);
    } finally {
      await page.close();
      releaseBrowser();
      await server.stop();
    }
  }, 90_000);
});
