/**
 * Where a command's report goes: standard output, one --output file, or several, so that one
 * run writes JSON, SARIF and JUnit for a pipeline, each file in the format its extension names
 * and byte for byte what --format prints. `check` and `queue results` write through this.
 */
import { resolve } from "node:path";
import { ClauseCheckError } from "../errors.js";
import { type FormatOptions, formatReport } from "../report/format-report.js";
import { type ReportFormat, formatForFile } from "../report/report-format.js";
import { visibleName } from "../report/visible-text.js";
import type { Report } from "../types.js";
import { type ReportSink, noteWritten, openReportSink } from "./report-sink.js";
import { plural } from "../plural.js";

/** One place a report goes (`output` undefined: standard output) and its format. */
export interface ReportTarget {
  output: string | undefined;
  format: ReportFormat;
}

/**
 * The targets of --output (as often as given) and --format: standard output, or one file in
 * --format or the format its extension names (else text), or several files, each in the format
 * its extension names. Throws USAGE for several files with --format, a file whose extension
 * names no format among several, or one file given twice.
 */
export function reportTargets(outputs: readonly string[] | undefined, format: ReportFormat | undefined): ReportTarget[] {
  const files = outputs ?? [];
  if (files.length <= 1) {
    const output = files[0];
    return [{ output, format: format ?? (output ? formatForFile(output) : undefined) ?? "text" }];
  }
  if (format) throw new ClauseCheckError("USAGE", "--format names the format of one --output file; with several, each file's extension names its format");
  const seen = new Map<string, string>();
  return files.map((output) => {
    const named = formatForFile(output);
    if (!named) throw new ClauseCheckError("USAGE", `the extension of ${visibleName(output)} names no report format (.json .jsonl .sarif .xml .md .html .txt), which it needs beside another --output`);
    const key = resolve(output);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new ClauseCheckError("USAGE", `--output ${visibleName(output)} is given twice${earlier === output ? "" : ` (as ${visibleName(earlier)})`}`);
    seen.set(key, output);
    return { output, format: named };
  });
}

/** The report's outputs, open: JSON lines written as documents come, the rest at the end. */
export interface ReportOutputs {
  /** Writes one JSON line (a document, or an error) to each JSON-lines output. */
  line(text: string): Promise<void>;
  /**
   * Writes the report to each output that is not JSON lines, closes them all, and unless
   * `quiet` says on standard error what each file got ("json, 3 documents, 1 unreadable").
   * JSON lines have no place for a waiver that matched nothing: with such an output, standard
   * error says it.
   */
  finish(report: Report, options: FormatOptions, quiet?: boolean): Promise<void>;
  /** Gives up: temporary files are removed, earlier reports left as they were. */
  abort(): Promise<void>;
}

/**
 * Opens every target (see openReportSink: each path is checked and its temporary file made),
 * before anything is checked; when one cannot be opened, those already opened are given up.
 */
export async function openReportOutputs(targets: readonly ReportTarget[], inputs: readonly string[]): Promise<ReportOutputs> {
  const open: (ReportTarget & { sink: ReportSink })[] = [];
  const abort = async () => {
    for (const o of open) await o.sink.abort();
  };
  try {
    for (const t of targets) open.push({ ...t, sink: await openReportSink(t.output, { inputs }) });
  } catch (e) {
    await abort();
    throw e;
  }
  const lines = open.filter((o) => o.format === "jsonl");
  return {
    line: async (text) => {
      for (const o of lines) await o.sink.write(text);
    },
    finish: async (report, options, quiet) => {
      if (lines.length > 0) {
        for (const w of report.unusedWaivers) process.stderr.write(`clausecheck: ${visibleName(`warning: the waiver of ${w.rule} for ${w.document} (${w.source}) matched no gap`)}\n`);
      }
      for (const o of open) {
        if (o.format === "jsonl") continue;
        // A file gets no colours.
        await o.sink.write(formatReport(report, o.format, o.output ? { ...options, color: false } : options));
      }
      for (const o of open) await o.sink.close();
      if (quiet) return;
      const { documents, errors } = report;
      const what = `${plural(documents.length, "document")}${errors.length > 0 ? `, ${errors.length} unreadable` : ""}`;
      for (const o of open) if (o.output) noteWritten(o.output, `${o.format}, ${what}`);
    },
    abort,
  };
}
