import type { DocumentReport, Severity } from "./types.js";

/** Exit codes: 0 clean, 1 gaps at or above --fail-on, 2 usage errors or unreadable input. */
export const EXIT = { clean: 0, gaps: 1, bad: 2 } as const;

/** The exit code of a report: 2 when a document could not be read, 1 when a gap not waived is at or above `failOn`, else 0. */
export function reportExitCode(documents: DocumentReport[], unreadable: number, failOn: Severity | "never"): number {
  if (unreadable > 0) return EXIT.bad;
  const levels: Severity[] = failOn === "warning" ? ["error", "warning"] : failOn === "error" ? ["error"] : [];
  const failing = documents.some((d) => d.results.some((r) => r.status === "gap" && !r.waived && levels.includes(r.severity)));
  return failing ? EXIT.gaps : EXIT.clean;
}
