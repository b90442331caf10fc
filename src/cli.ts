#!/usr/bin/env node
import { rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { checkAgreement } from "./check/check-agreement.js";
import { ClauseCheckError, isClauseCheckError } from "./errors.js";
import { readDocument } from "./ingest/read-document.js";
import { packagePath } from "./package-path.js";
import { parseAgreement } from "./parse/parse-agreement.js";
import { buildReport } from "./report/build-report.js";
import { formatJson } from "./report/format-json.js";
import { formatText } from "./report/format-text.js";
import { loadRules } from "./rules/load-rules.js";
import type { DocumentError, DocumentReport, Severity } from "./types.js";
import { VERSION } from "./version.js";

/** Exit codes: 0 clean, 1 gaps at or above --fail-on, 2 usage errors or unreadable input. */
const EXIT = { clean: 0, gaps: 1, bad: 2 } as const;

interface CheckOptions {
  format: "text" | "json";
  rules: string;
  failOn: Severity | "never";
  color?: boolean;
  output?: string;
}

async function runCheck(files: string[], opts: CheckOptions): Promise<number> {
  const ruleSet = loadRules(opts.rules);
  const documents: DocumentReport[] = [];
  const errors: DocumentError[] = [];
  for (const file of files) {
    try {
      documents.push(await checkAgreement(await readDocument(file), ruleSet));
    } catch (e) {
      if (!isClauseCheckError(e)) throw e;
      errors.push({ file, code: e.code, message: e.message });
      process.stderr.write(`clausecheck: ${e.toLine()}\n`);
    }
  }
  const report = buildReport(ruleSet, documents, errors);
  const colorOption = opts.color === false ? { color: false } : opts.output ? { color: false } : {};
  const text = opts.format === "json" ? formatJson(report) : formatText(report, colorOption);
  await emit(text, opts.output);
  if (errors.length > 0) return EXIT.bad;
  const levels: Severity[] = opts.failOn === "warning" ? ["error", "warning"] : opts.failOn === "error" ? ["error"] : [];
  const failing = documents.some((d) => d.results.some((r) => r.status === "gap" && levels.includes(r.severity)));
  return failing ? EXIT.gaps : EXIT.clean;
}

async function runParse(files: string[], opts: { output?: string }): Promise<number> {
  const agreements = [];
  for (const file of files) agreements.push(parseAgreement(await readDocument(file)));
  await emit(`${JSON.stringify(agreements.length === 1 ? agreements[0] : agreements, null, 2)}\n`, opts.output);
  return EXIT.clean;
}

/** Writes to stdout, or to a file atomically: a temporary file renamed into place. */
async function emit(text: string, output: string | undefined): Promise<void> {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, output);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new ClauseCheckError("EREAD", `cannot write the report (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: output });
  }
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command("clausecheck")
    .description("Check securities agreements against declarative rule files.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError("(run clausecheck --help for usage)");
  const formatOption = new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text");
  cli
    .command("check", { isDefault: true })
    .description("check agreements for the required clauses and report every gap")
    .argument("<files...>", "agreement files (.txt, EDGAR .txt)")
    .addOption(formatOption)
    .option("-r, --rules <dir>", "folder of rule files", packagePath("rules"))
    .addOption(new Option("--fail-on <severity>", "exit 1 when a gap of this severity or worse is found").choices(["error", "warning", "never"]).default("error"))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of standard output")
    .option("--no-color", "plain text without colours")
    .action(async (files: string[], opts: CheckOptions) => setExit(await runCheck(files, opts)));
  cli
    .command("parse")
    .description("print the Agreement JSON of agreement files (schemas/agreement.schema.json)")
    .argument("<files...>", "agreement files")
    .option("-o, --output <file>", "write the JSON to a file (atomically)")
    .action(async (files: string[], opts: { output?: string }) => setExit(await runParse(files, opts)));
  return cli;
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.clean;
  try {
    await program((c) => (code = c)).parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0 ? EXIT.clean : EXIT.bad;
    }
    if (isClauseCheckError(e)) {
      process.stderr.write(`clausecheck: ${e.toLine()}\n`);
      return EXIT.bad;
    }
    process.stderr.write(`clausecheck: internal error: ${e instanceof Error ? e.message : String(e)} (please report it)\n`);
    if (process.env.CLAUSECHECK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return EXIT.bad;
  }
}

process.exitCode = await main(process.argv);
