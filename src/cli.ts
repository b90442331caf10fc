#!/usr/bin/env node
import { existsSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ClauseCheckError, isClauseCheckError } from "./errors.js";
import { type ReadOptions, readDocument, readSources, sourcesFromBytes } from "./ingest/read-document.js";
import { packagePath } from "./package-path.js";
import { parseAgreement } from "./parse/parse-agreement.js";
import { buildReport } from "./report/build-report.js";
import { explainRule } from "./check/explain.js";
import { formatExplanation } from "./report/format-explain.js";
import { loadRules, ruleFiles, validateRules } from "./rules/load-rules.js";
import { type Config, findConfig, loadConfig, loadConfiguredRules, sidecarWaivers, type Waiver } from "./config/load-config.js";
import type { RuleSet } from "./rules/rule-types.js";
import { applyWaivers, unusedWaivers } from "./check/waivers.js";
import { formatRuleProblems } from "./rules/format-problems.js";
import { runRuleExamples } from "./rules/rule-examples.js";
import { didYouMean } from "./rules/suggest.js";
import { displayPath } from "./display-path.js";
import type { DocumentError, DocumentReport, Severity } from "./types.js";
import { VERSION } from "./version.js";
import { failedInput } from "./batch/check-input.js";
import { type ExpandOptions, STDIN_NAME, expandInputs, skippedNote, stdinProblem } from "./batch/inputs.js";
import { createProgress } from "./batch/progress.js";
import { openReportSink } from "./batch/report-sink.js";
import { checkInputs, defaultJobs } from "./batch/run-batch.js";
import { formatReport } from "./report/format-report.js";
import { formatJsonLine } from "./report/format-jsonl.js";
import { MACHINE_FORMATS, REPORT_FORMATS, type ReportFormat, formatForFile } from "./report/report-format.js";

/** Exit codes: 0 clean, 1 gaps at or above --fail-on, 2 usage errors or unreadable input. */
const EXIT = { clean: 0, gaps: 1, bad: 2 } as const;

/** Read options from the command line. */
function readOptions(opts: { document?: string }): ReadOptions {
  return opts.document ? { document: opts.document } : {};
}

interface CheckOptions {
  document?: string;
  /** Undefined when not given: from the --output file's extension, else text. */
  format?: ReportFormat;
  /** Undefined when not given: the config's folders, else the bundled rules. */
  rules?: string;
  /** A config file, or false for --no-config. */
  config?: string | false;
  failOn: Severity | "never";
  color?: boolean;
  output?: string;
  stdinFilename?: string;
  jobs?: number;
  progress?: boolean;
  /** No notes on standard error (the file written, files skipped); errors are still printed. */
  quiet?: boolean;
}

/** The rules to run: --rules, else the config's folders, else the bundled rules; with the config's policy. */
function selectRules(opts: { rules?: string; config?: string | false }): { ruleSet: RuleSet; config?: Config } {
  const configFile = opts.config === false ? undefined : (opts.config ?? findConfig());
  if (!configFile) return { ruleSet: loadRules(opts.rules ?? packagePath("rules")) };
  const config = loadConfig(configFile);
  if (opts.rules) config.rules = [opts.rules];
  return { ruleSet: loadConfiguredRules(config), config };
}

/** Everything standard input holds, refused if it cannot be read under `name` (a .docx without that name). */
async function readStdin(name: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const problem = stdinProblem(bytes, name);
  if (problem) throw problem;
  return bytes;
}

/** How to expand the arguments: the name of standard input, and (unless --quiet) a line for the files a folder holds that are skipped. */
function expandOptions(opts: { stdinFilename?: string; quiet?: boolean }): ExpandOptions {
  const onSkipped = (arg: string, files: string[]) => process.stderr.write(`clausecheck: ${skippedNote(arg, files)}\n`);
  return { ...(opts.stdinFilename ? { stdinName: opts.stdinFilename } : {}), ...(opts.quiet ? {} : { onSkipped }) };
}

/** `--jobs N`: a whole number of worker threads, at least 1. */
function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}

async function runCheck(args: string[], opts: CheckOptions): Promise<number> {
  const format: ReportFormat = opts.format ?? (opts.output ? formatForFile(opts.output) : undefined) ?? "text";
  const { ruleSet, config } = selectRules(opts);
  const inputs = await expandInputs(args, expandOptions(opts));
  const progress = createProgress(inputs.length, process.stderr, { enabled: opts.progress !== false && !opts.quiet && !MACHINE_FORMATS.includes(format) });
  const sink = openReportSink(opts.output);
  const documents: DocumentReport[] = [];
  const texts: (string | undefined)[] = [];
  const errors: DocumentError[] = [];
  const configWaivers = config?.waivers ?? [];
  const waivers = [...configWaivers];
  const used = new Set<Waiver>();
  const fail = async (error: DocumentError, line: string) => {
    errors.push(error);
    progress.log(`clausecheck: ${line}`);
    if (format === "jsonl") await sink.write(formatJsonLine(error));
  };
  try {
    const batch = checkInputs(inputs, ruleSet, {
      jobs: opts.jobs ?? defaultJobs(),
      read: readOptions(opts),
      keepTexts: format === "html",
      stdin: () => readStdin(opts.stdinFilename ?? STDIN_NAME),
      onSettled: () => progress.tick(),
    });
    for await (const { input, outcome } of batch) {
      if (!outcome.ok) {
        await fail(outcome.error, outcome.line);
        continue;
      }
      let own: Waiver[];
      try {
        // --no-config sets aside every policy file, sidecar waivers included.
        own = opts.config === false ? [] : sidecarWaivers(input.file);
      } catch (e) {
        const failed = failedInput(input.file, e);
        if (!failed.ok) await fail(failed.error, failed.line);
        continue;
      }
      waivers.push(...own);
      for (const [k, doc] of outcome.documents.entries()) {
        for (const w of applyWaivers(doc, [...own, ...configWaivers])) used.add(w);
        documents.push(doc);
        texts.push(outcome.texts?.[k]);
        if (format === "jsonl") await sink.write(formatJsonLine(doc));
      }
    }
    progress.done();
    const report = buildReport(ruleSet, documents, errors, unusedWaivers(waivers, used));
    if (format === "jsonl") {
      for (const w of report.unusedWaivers) process.stderr.write(`clausecheck: warning: the waiver of ${w.rule} for ${w.document} (${w.source}) matched no gap\n`);
    } else {
      const color = opts.color === false || opts.output ? { color: false } : {};
      await sink.write(formatReport(report, format, { ...color, rules: ruleSet.rules, texts }));
    }
    await sink.close();
    if (opts.output && !opts.quiet) {
      const unreadable = errors.length > 0 ? `, ${errors.length} unreadable` : "";
      noteWritten(opts.output, `${format}, ${plural(documents.length, "document")}${unreadable}`);
    }
  } catch (e) {
    progress.done();
    await sink.abort();
    throw e;
  }
  if (errors.length > 0) return EXIT.bad;
  const levels: Severity[] = opts.failOn === "warning" ? ["error", "warning"] : opts.failOn === "error" ? ["error"] : [];
  const failing = documents.some((d) => d.results.some((r) => r.status === "gap" && !r.waived && levels.includes(r.severity)));
  return failing ? EXIT.gaps : EXIT.clean;
}

/** The one line `--output` leaves on standard error: what it wrote, and where. */
function noteWritten(output: string, what: string): void {
  process.stderr.write(`clausecheck: wrote ${displayPath(output)} (${what})\n`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

interface ParseOptions {
  quiet?: boolean;
  output?: string;
  document?: string;
  stdinFilename?: string;
}

/** `clausecheck parse FILE…`: what `check` takes (files, folders, glob patterns, `-`); an unreadable input is one line on stderr, the others are still parsed. */
async function runParse(args: string[], opts: ParseOptions): Promise<number> {
  const inputs = await expandInputs(args, expandOptions(opts));
  const agreements = [];
  let unreadable = 0;
  for (const input of inputs) {
    try {
      if (input.kind === "error") throw new ClauseCheckError("USAGE", input.error.message, { file: input.file });
      const sources =
        input.kind === "stdin" ? await sourcesFromBytes(await readStdin(input.file), input.file, readOptions(opts)) : await readSources(input.file, readOptions(opts));
      for (const source of sources) agreements.push(parseAgreement(source));
    } catch (e) {
      if (!isClauseCheckError(e)) throw e;
      process.stderr.write(`clausecheck: ${e.toLine()}\n`);
      unreadable++;
    }
  }
  if (agreements.length > 0) {
    await emit(`${JSON.stringify(agreements.length === 1 ? agreements[0] : agreements, null, 2)}\n`, opts.output);
    if (opts.output && !opts.quiet) noteWritten(opts.output, `Agreement JSON, ${plural(agreements.length, "agreement")}`);
  }
  return unreadable > 0 ? EXIT.bad : EXIT.clean;
}

/** `clausecheck rules validate [DIR]`: every problem in every rule file, located. */
function runValidate(dir: string): number {
  const problems = validateRules(dir);
  const count = ruleFiles(dir).length;
  if (problems.length === 0) {
    process.stdout.write(`${displayPath(dir)}: ${count} rule file${count === 1 ? "" : "s"}, no problems\n`);
    return EXIT.clean;
  }
  process.stdout.write(formatRuleProblems(problems));
  process.stdout.write(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${new Set(problems.map((p) => p.file)).size} of ${count} rule files\n`);
  return EXIT.bad;
}

/** `clausecheck rules test [DIR]`: runs every rule's examples; exit 1 when one fails. */
async function runRuleTests(dir: string): Promise<number> {
  const ruleSet = loadRules(dir);
  let passed = 0;
  let failed = 0;
  for (const rule of ruleSet.rules) {
    for (const o of await runRuleExamples(rule)) {
      if (o.ok) {
        passed++;
        continue;
      }
      failed++;
      const text = o.example.text.replace(/\s+/g, " ").trim();
      process.stdout.write(`✗ ${rule.id} examples.${o.kind}[${o.index}] (${displayPath(rule.file)})\n`);
      process.stdout.write(`    "${text.length > 160 ? `${text.slice(0, 159)}…` : text}"\n`);
      for (const p of o.problems) process.stdout.write(`    ${p}\n`);
    }
  }
  process.stdout.write(`${ruleSet.rules.length} rules, ${passed + failed} examples: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? EXIT.gaps : EXIT.clean;
}

/** Writes to stdout, or to a file atomically: a temporary file renamed into place. */
async function emit(text: string, output: string | undefined): Promise<void> {
  const sink = openReportSink(output);
  try {
    await sink.write(text);
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command("clausecheck")
    .description("Check securities agreements against declarative rule files.")
    .version(VERSION)
    .exitOverride()
    // A usage error is one line, like every other error: "clausecheck: unknown option '--bogus' (…)".
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`clausecheck: ${s.trim().replace(/^error: /, "").replace(/\s*\n\s*/g, " ")} (see clausecheck --help)\n`),
    });
  const formatOption = new Option("-f, --format <format>", "output format (default: from the --output file's extension, else text)").choices([...REPORT_FORMATS]);
  cli
    .command("check", { isDefault: true })
    .description("check agreements for the required clauses and report every gap")
    .argument("<files...>", "agreement files (.txt, .htm, .html, .docx), folders (searched recursively), quoted glob patterns, or - for standard input")
    .addOption(formatOption)
    .option("-r, --rules <dir>", "folder of rule files (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a gap of this severity or worse is found").choices(["error", "warning", "never"]).default("error"))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of standard output; its extension (.json .jsonl .sarif .xml .md .html) sets the format")
    .option("-j, --jobs <n>", `documents checked at once, on worker threads (default: the number of cores, here ${defaultJobs()}; 1 checks in one thread)`, parseJobs)
    .option("--stdin-filename <name>", "the name to report standard input (-) under; its extension says how to read it (.docx, .htm)")
    .option("--document <type>", "in a full EDGAR submission, check only the document of this <TYPE> (e.g. EX-10.1)")
    .option("--no-progress", "no progress bar on standard error (it is shown only on a terminal, for 10 documents or more)")
    .option("--no-color", "plain text without colours")
    .option("-q, --quiet", "nothing on standard error but errors: no line saying what --output wrote, no list of files skipped, no progress bar")
    .action(async (files: string[], opts: CheckOptions) => setExit(await runCheck(files, opts)));
  cli
    .command("parse")
    .description("print the Agreement JSON of agreement files (schemas/agreement.schema.json)")
    .argument("<files...>", "agreement files (.txt, .htm, .html, .docx), folders (searched recursively), quoted glob patterns, or - for standard input")
    .option("-o, --output <file>", "write the JSON to a file (atomically)")
    .option("--stdin-filename <name>", "the name to give standard input (-); its extension says how to read it (.docx, .htm)")
    .option("--document <type>", "in a full EDGAR submission, parse only the document of this <TYPE>")
    .option("-q, --quiet", "nothing on standard error but errors: no line saying what --output wrote, no list of files skipped")
    .action(async (files: string[], opts: ParseOptions) => setExit(await runParse(files, opts)));
  cli
    .command("explain")
    .description("show why a rule passed or found a gap: its conditions, each clause recognised, the near misses")
    .argument("<file>", "agreement file")
    .requiredOption("--rule <id>", "the rule to explain")
    .option("--document <type>", "in a full EDGAR submission, the document of this <TYPE>")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-r, --rules <dir>", "folder of rule files (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .option("--no-color", "plain text without colours")
    .action(async (file: string, opts: { rule: string; format: string; rules?: string; config?: string | false; color?: boolean; document?: string }) => {
      const x = await explainRule(await readDocument(file, readOptions(opts)), selectRules(opts).ruleSet, opts.rule);
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(x, null, 2)}\n` : formatExplanation(x, opts.color === false ? { color: false } : {}));
      setExit(EXIT.clean);
    });
  const rules = cli.command("rules").description("validate and test rule files");
  rules
    .command("validate")
    .description("check every rule file for mistakes, each reported at file:line:column")
    .argument("[dir]", "folder of rule files", packagePath("rules"))
    .action((dir: string) => setExit(runValidate(dir)));
  rules
    .command("test")
    .description("run every rule's examples and report those that fail")
    .argument("[dir]", "folder of rule files", packagePath("rules"))
    .action(async (dir: string) => setExit(await runRuleTests(dir)));
  return cli;
}

/**
 * `clausecheck chek deal.txt`: a first argument that is no file but is close to a command's name
 * is a mistyped command. (A bare file is checked, `clausecheck deal.txt`, so only a name that
 * exists as no file and looks like no path or pattern is taken for a command.)
 */
function mistypedCommand(cli: Command, first: string | undefined): ClauseCheckError | undefined {
  if (first === undefined || first.startsWith("-") || /[\\/.*?[\]{}]/.test(first) || existsSync(first)) return undefined;
  const names = [...cli.commands.map((c) => c.name()), "help"];
  if (names.includes(first)) return undefined;
  const hint = didYouMean(first, names);
  return hint ? new ClauseCheckError("USAGE", `unknown command "${first}" (did you mean "${hint}"?), and no file of that name to check`) : undefined;
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.clean;
  try {
    const cli = program((c) => (code = c));
    const mistyped = mistypedCommand(cli, argv[2]);
    if (mistyped) throw mistyped;
    await cli.parseAsync(argv);
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

// A reader that stops early (`clausecheck … | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv);
