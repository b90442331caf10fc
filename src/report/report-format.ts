/** The formats `clausecheck check` writes. */
export const REPORT_FORMATS = ["text", "json", "jsonl", "sarif", "junit", "markdown", "html"] as const;

/** A report format: `text` for a terminal, the others for files, pipelines and people. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Formats for programs: no progress bar on standard error, ever. */
export const MACHINE_FORMATS: readonly ReportFormat[] = ["json", "jsonl", "sarif", "junit"];

/** File extensions that name a format, for `--output` without `--format`. */
const BY_EXTENSION: [suffix: string, format: ReportFormat][] = [
  [".json", "json"],
  [".jsonl", "jsonl"],
  [".ndjson", "jsonl"],
  [".sarif", "sarif"],
  [".xml", "junit"],
  [".md", "markdown"],
  [".markdown", "markdown"],
  [".html", "html"],
  [".htm", "html"],
  [".txt", "text"],
];

/** The format a report file's extension names (`report.sarif` → sarif), or undefined for any other name. */
export function formatForFile(file: string): ReportFormat | undefined {
  const lower = file.toLowerCase();
  return BY_EXTENSION.find(([suffix]) => lower.endsWith(suffix))?.[1];
}
