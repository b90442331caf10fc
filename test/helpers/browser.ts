/**
 * Debian's Chromium (/usr/bin/chromium) for the browser tests, driven by playwright-core, and
 * launched once for the files a test worker runs one after another (issue 12: keep the browser
 * tests in one browser session; each launch costs about 3 s of CPU on the 2-core machine). A
 * file takes the browser in its beforeAll and gives it back in its afterAll, working in pages
 * of its own (each `browser.newPage` has a context of its own: cookies, storage, downloads);
 * given back by every file, the browser closes a few seconds later unless another file takes it.
 * Without Chromium the tests that need it are skipped.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** The flags STACK.md lists for Chromium on this kind of machine. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const hasChromium = existsSync(CHROMIUM);

/** How long a browser no file holds stays open for the next file. */
const LINGER_MS = 3000;

let launched: Promise<Browser> | undefined;
let holders = 0;
let closing: NodeJS.Timeout | undefined;

/** The shared browser, launched if need be; give it back with releaseBrowser. */
export function takeBrowser(): Promise<Browser> {
  holders++;
  clearTimeout(closing);
  if (!launched) {
    const browser = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    launched = browser;
    // A browser that crashed or was closed is launched again by the next taker.
    const forget = () => {
      if (launched === browser) launched = undefined;
    };
    void browser.then((b) => b.on("disconnected", forget)).catch(forget);
  }
  return launched;
}

/** Gives the browser back; the last holder's leaves it open LINGER_MS for a file that follows. */
export function releaseBrowser(): void {
  holders = Math.max(0, holders - 1);
  if (holders > 0 || !launched) return;
  const browser = launched;
  closing = setTimeout(() => {
    if (launched !== browser || holders > 0) return;
    launched = undefined;
    void browser.then((b) => b.close()).catch(() => undefined);
  }, LINGER_MS);
  // A worker that has nothing left to run exits without waiting; Chromium, whose pipe to this
  // process then closes, exits with it.
  closing.unref();
}
