import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { packagePath } from "../package-path.js";
import { DIFF_STYLE, HTML_STYLE } from "../report/html-assets.js";

/** The Content-Security-Policy of the review desk: its own script and styles, requests to itself, nothing else. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The review desk: one page (web/index.html) with its script and style sheet, and the HTML
 * report's style sheet, which the page uses to show reviews and comparisons as the HTML
 * reports do. Everything is served from this process: the page loads nothing from anywhere
 * else, so it works offline, and its Content-Security-Policy allows nothing else.
 */
export function pageRoutes(app: FastifyInstance): void {
  const file = (name: string) => readFileSync(packagePath("web", name), "utf8");
  const assets: Record<string, [body: string, type: string]> = {
    "/": [file("index.html"), "text/html; charset=utf-8"],
    "/app.js": [file("app.js"), "text/javascript; charset=utf-8"],
    "/app.css": [file("app.css"), "text/css; charset=utf-8"],
    "/report.css": [`${HTML_STYLE}${DIFF_STYLE}`, "text/css; charset=utf-8"],
  };
  for (const [path, [body, type]] of Object.entries(assets)) {
    app.get(path, async (_request, reply) =>
      reply.header("content-type", type).header("content-security-policy", PAGE_CSP).header("x-frame-options", "DENY").header("cache-control", "no-cache").send(body),
    );
  }
  // Browsers ask for one; there is none.
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
}
