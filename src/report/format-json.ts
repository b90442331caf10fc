import type { Report } from "../types.js";
import { jsonWithEscapedControls } from "./visible-text.js";

/** The report as pretty-printed JSON, described by schemas/report.schema.json. */
export function formatJson(report: Report): string {
  return `${jsonWithEscapedControls(JSON.stringify(report, null, 2))}\n`;
}
