import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentError, DocumentReport, Report, UnusedWaiver } from "../types.js";
import { displayPath } from "../display-path.js";
import { VERSION } from "../version.js";

/** Gathers document results and unreadable documents into the report that every format prints. */
export function buildReport(ruleSet: RuleSet, documents: DocumentReport[], errors: DocumentError[], unusedWaivers: UnusedWaiver[] = []): Report {
  const sum = (k: "passed" | "gaps" | "errors" | "warnings" | "waived") => documents.reduce((n, d) => n + d.summary[k], 0);
  return {
    tool: { name: "clausecheck", version: VERSION },
    reportVersion: 1,
    rules: ruleSet.rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, file: displayPath(r.file) })),
    documents,
    errors,
    unusedWaivers,
    summary: {
      documents: documents.length,
      passed: sum("passed"),
      gaps: sum("gaps"),
      errors: sum("errors"),
      warnings: sum("warnings"),
      waived: sum("waived"),
      unreadable: errors.length,
    },
  };
}
