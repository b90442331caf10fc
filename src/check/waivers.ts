import { createRequire } from "node:module";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Waiver } from "../config/load-config.js";
import { displayPath } from "../display-path.js";
import type { DocumentReport, UnusedWaiver } from "../types.js";

/** picomatch, loaded the first time a waiver's pattern is matched: a run without waivers never needs it (6 ms of a cold start). */
let glob: typeof import("picomatch") | undefined;
const picomatch = (pattern: string, options: import("picomatch").PicomatchOptions) => (glob ??= createRequire(import.meta.url)("picomatch") as typeof import("picomatch"))(pattern, options);

/** True when a waiver's document path or pattern names `file`. */
export function waiverMatches(w: Waiver, file: string): boolean {
  const absolute = resolve(file);
  const pattern = isAbsolute(w.document) ? w.document : resolve(w.baseDir, w.document);
  if (pattern === absolute) return true;
  const rel = relative(w.baseDir, absolute).split(sep).join("/");
  return picomatch(w.document.split(sep).join("/"), { dot: true, basename: !w.document.includes("/") })(rel);
}

/**
 * Marks each gap a waiver names as waived (it stays in the report, but no longer fails the
 * run) and recounts the summary. Returns the waivers that were used.
 */
export function applyWaivers(report: DocumentReport, waivers: Waiver[]): Set<Waiver> {
  const used = new Set<Waiver>();
  for (const r of report.results) {
    if (r.status !== "gap") continue;
    const w = waivers.find((x) => x.rule === r.ruleId && waiverMatches(x, report.file));
    if (!w) continue;
    used.add(w);
    r.waived = { reason: w.reason, source: displayPath(w.source) };
    if (w.approvedBy) r.waived.approvedBy = w.approvedBy;
  }
  const gaps = report.results.filter((r) => r.status === "gap");
  const open = gaps.filter((r) => !r.waived);
  report.summary = {
    passed: report.results.length - gaps.length,
    gaps: gaps.length,
    errors: open.filter((r) => r.severity === "error").length,
    warnings: open.filter((r) => r.severity === "warning").length,
    waived: gaps.length - open.length,
  };
  return used;
}

/**
 * The waivers that name a document of the run (`checked`: the files checked) and matched no gap
 * in it: each is reported, so stale waivers are seen. A waiver for documents outside the run
 * (deals/acme-2024-*.txt when checking deals/delaware.txt) is not: nothing says it is stale.
 */
export function unusedWaivers(waivers: Waiver[], used: Set<Waiver>, checked: readonly string[]): UnusedWaiver[] {
  return waivers
    .filter((w) => !used.has(w) && checked.some((file) => waiverMatches(w, file)))
    .map((w) => ({ rule: w.rule, document: w.document, reason: w.reason, source: displayPath(w.source) }));
}
