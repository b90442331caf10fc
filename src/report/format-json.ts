import type { Report } from "../types.js";

/** The report as pretty-printed JSON, described by schemas/report.schema.json. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
