#!/usr/bin/env node
import { startupSnapshot } from "node:v8";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ClauseCheckError, isClauseCheckError } from "./errors.js";
import { DEFAULT_MAX_BYTES, type ReadOptions, readDocument, readSources } from "./ingest/read-document.js";
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
import { displayPath } from "./display-path.js";
import type { DocumentError, DocumentReport, Severity } from "./types.js";
import { VERSION } from "./version.js";
import { failedInput } from "./batch/check-input.js";
import { STDIN_NAME, expandInputs } from "./batch/inputs.js";
import { createProgress } from "./batch/progress.js";
import { discardUnfinishedReports, openReportSink } from "./batch/report-sink.js";
import { checkInputs, defaultJobs } from "./batch/run-batch.js";
import { formatReport } from "./report/format-report.js";
import { formatJsonLine } from "./report/format-jsonl.js";
import { visibleName } from "./report/visible-text.js";
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
  /** False for --no-waivers: no waiver applies, from the config or a sidecar. */
  waivers?: boolean;
  failOn: Severity | "never";
  color?: boolean;
  output?: string;
  stdinFilename?: string;
  jobs?: number;
  progress?: boolean;
}

/** The rules to run: --rules, else the config's folders, else the bundled rules; with the config's policy. */
function selectRules(opts: { rules?: string; config?: string | false }): { ruleSet: RuleSet; config?: Config } {
  const configFile = opts.config === false ? undefined : (opts.config ?? findConfig());
  if (!configFile) return { ruleSet: loadRules(opts.rules ?? packagePath("rules")) };
  const config = loadConfig(configFile);
  if (opts.rules) config.rules = [opts.rules];
  return { ruleSet: loadConfiguredRules(config), config };
}

/**
 * Everything standard input holds, up to the limit a file has (64 MiB): past it the read stops
 * and the input is refused, so `/dev/urandom` piped in cannot fill memory.
 */
async function readStdin(name: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    length += (chunk as Buffer).length;
    if (length > DEFAULT_MAX_BYTES) {
      process.stdin.destroy();
      throw new ClauseCheckError("TOO_LARGE", `standard input is over the ${DEFAULT_MAX_BYTES / 1024 / 1024} MB limit`, { file: name });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, length);
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
  const inputs = await expandInputs(args, opts.stdinFilename ? { stdinName: opts.stdinFilename } : {});
  const progress = createProgress(inputs.length, process.stderr, { enabled: opts.progress !== false && !MACHINE_FORMATS.includes(format) });
  discardReportOnSignal(opts.output);
  const sink = await openReportSink(opts.output, { inputs: inputs.flatMap((i) => (i.kind === "file" ? [i.file] : [])) });
  const documents: DocumentReport[] = [];
  const texts: (string | undefined)[] = [];
  const errors: DocumentError[] = [];
  const configWaivers = opts.waivers === false ? [] : (config?.waivers ?? []);
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
        // --no-waivers, and a config with `sidecarWaivers: false`, set sidecars aside too.
        own = opts.config === false || opts.waivers === false || config?.sidecarWaivers === false ? [] : sidecarWaivers(input.file);
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
      for (const w of report.unusedWaivers) process.stderr.write(`clausecheck: ${visibleName(`warning: the waiver of ${w.rule} for ${w.document} (${w.source}) matched no gap`)}\n`);
    } else {
      const color = opts.color === false || opts.output ? { color: false } : {};
      await sink.write(formatReport(report, format, { ...color, rules: ruleSet.rules, texts }));
    }
    await sink.close();
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

async function runParse(files: string[], opts: { output?: string; document?: string }): Promise<number> {
  const agreements = [];
  for (const file of files) for (const source of await readSources(file, readOptions(opts))) agreements.push(parseAgreement(source));
  await emit(`${JSON.stringify(agreements.length === 1 ? agreements[0] : agreements, null, 2)}\n`, opts.output, files);
  return EXIT.clean;
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

/**
 * With --output, an interrupted run removes its temporary report file and exits as a shell
 * reports a signal (128 + its number), any earlier report at that path untouched. Only then,
 * since a handler runs only when this thread is free (between documents checked in it): without
 * a file to remove, Ctrl-C stays immediate.
 */
function discardReportOnSignal(output: string | undefined): void {
  if (!output || process.listenerCount("SIGINT") > 0) return;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    process.on(signal, () => {
      discardUnfinishedReports();
      process.exit(code);
    });
  }
}

/** Writes to stdout, or to a file atomically: a temporary file renamed into place; never over one of `inputs`. */
async function emit(text: string, output: string | undefined, inputs: string[]): Promise<void> {
  discardReportOnSignal(output);
  const sink = await openReportSink(output, { inputs });
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
      outputError: (s, write) => write(`clausecheck: ${s.trim().replace(/^error: /, "")} (see clausecheck --help)\n`),
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
    .option("--no-waivers", "apply no waiver, from the config or a sidecar (deal.txt.waivers.yaml): every gap counts")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a gap of this severity or worse is found").choices(["error", "warning", "never"]).default("error"))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of standard output; its extension (.json .jsonl .sarif .xml .md .html) sets the format")
    .option("-j, --jobs <n>", `documents checked at once, on worker threads (default: the number of cores, here ${defaultJobs()}; 1 checks in one thread)`, parseJobs)
    .option("--stdin-filename <name>", "the name to report standard input (-) under; its extension says how to read it (.docx, .htm)")
    .option("--document <type>", "in a full EDGAR submission, check only the document of this <TYPE> (e.g. EX-10.1)")
    .option("--no-progress", "no progress bar on standard error (it is shown only on a terminal, for 10 documents or more)")
    .option("--no-color", "plain text without colours")
    .action(async (files: string[], opts: CheckOptions) => setExit(await runCheck(files, opts)));
  cli
    .command("parse")
    .description("print the Agreement JSON of agreement files (schemas/agreement.schema.json)")
    .argument("<files...>", "agreement files")
    .option("-o, --output <file>", "write the JSON to a file (atomically)")
    .option("--document <type>", "in a full EDGAR submission, parse only the document of this <TYPE>")
    .action(async (files: string[], opts: { output?: string }) => setExit(await runParse(files, opts)));
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

/** Runs the command line `argv` (as process.argv: node, script, arguments); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
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
    process.stderr.write(`clausecheck: ${visibleName(`internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`)}\n`);
    if (process.env.CLAUSECHECK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return EXIT.bad;
  }
}

/** Runs the command line of this process and sets its exit code. */
export async function runProcess(): Promise<void> {
  // A reader that stops early (`clausecheck … | head`) is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await main(process.argv);
}

// While the start-up snapshot is built (scripts/build-snapshot.mjs) this module is only
// loaded; the snapshot runs the command line when it starts.
if (!startupSnapshot.isBuildingSnapshot()) void runProcess();
