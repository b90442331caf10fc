#!/usr/bin/env node
import { existsSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ClauseCheckError, isClauseCheckError } from "./errors.js";
import { DEFAULT_MAX_BYTES, type ReadOptions, readDocument, readSources, sourcesFromBytes } from "./ingest/read-document.js";
import { packagePath } from "./package-path.js";
import { parseAgreement } from "./parse/parse-agreement.js";
import { buildReport } from "./report/build-report.js";
import { explainRule } from "./check/explain.js";
import { formatExplanation } from "./report/format-explain.js";
import { loadRules, ruleFiles, validateRules } from "./rules/load-rules.js";
import { type Config, configProblems, configWaiversInForce, findConfig, loadConfig, loadConfiguredRules, sidecarWaiversInForce, type Waiver } from "./config/load-config.js";
import type { RuleSet } from "./rules/rule-types.js";
import { applyWaivers, unusedWaivers } from "./check/waivers.js";
import { formatRuleProblems } from "./rules/format-problems.js";
import { runRuleExamples } from "./rules/rule-examples.js";
import { didYouMean } from "./rules/suggest.js";
import { displayPath } from "./display-path.js";
import type { DocumentError, DocumentReport, Severity } from "./types.js";
import { VERSION } from "./version.js";
import { EXIT, reportExitCode } from "./exit-codes.js";
import { failedInput } from "./batch/check-input.js";
import { type ExpandOptions, STDIN_NAME, expandInputs, skippedNote, stdinProblem } from "./batch/inputs.js";
import { createProgress } from "./batch/progress.js";
import { discardUnfinishedReportsAndExit, noteWritten, openReportSink } from "./batch/report-sink.js";
import { openReportOutputs, reportTargets } from "./batch/report-outputs.js";
import { DEFAULT_TIMEOUT_MS, checkInputs, defaultJobs, mostBatchJobs } from "./batch/run-batch.js";
import { documentGaps, formatReport } from "./report/format-report.js";
import type { DocumentText } from "./report/document-text.js";
import { formatJsonLine } from "./report/format-jsonl.js";
import { DEFAULT_QUEUE, DEFAULT_REDIS_URL } from "./queue/connection.js";
import { visibleName } from "./report/visible-text.js";
import { MACHINE_FORMATS, REPORT_FORMATS, type ReportFormat, formatForFile } from "./report/report-format.js";
import { plural } from "./plural.js";


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
  /** --output, as often as given. */
  output?: string[];
  stdinFilename?: string;
  jobs?: number;
  /** Seconds; undefined when not given (the default deadline, applied on worker threads only). */
  timeout?: number;
  progress?: boolean;
  gapsOnly?: boolean;
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

/**
 * Everything standard input holds, up to the limit a file has (64 MiB): past it the read stops
 * and the input is refused, so `/dev/urandom` piped in cannot fill memory. Refused too if it
 * cannot be read under `name` (a .docx without that name).
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
  const bytes = Buffer.concat(chunks, length);
  const problem = stdinProblem(bytes, name);
  if (problem) throw problem;
  return bytes;
}

/** How to expand the arguments: the name of standard input, and (unless --quiet) a line for the files a folder holds that are skipped. */
function expandOptions(opts: { stdinFilename?: string; quiet?: boolean }): ExpandOptions {
  const onSkipped = (arg: string, files: string[]) => process.stderr.write(`clausecheck: ${skippedNote(arg, files)}\n`);
  return { ...(opts.stdinFilename ? { stdinName: opts.stdinFilename } : {}), ...(opts.quiet ? {} : { onSkipped }) };
}

/** Options every queue command takes. */
interface QueueCommandOptions {
  redis: string;
  queue: string;
  rules?: string;
  config?: string | false;
}

/** `--jobs N`: a whole number of worker threads, at least 1. */
function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}

/** `--timeout SECONDS`: a positive number of seconds. */
function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number of seconds greater than 0");
  return n;
}

async function runCheck(args: string[], opts: CheckOptions): Promise<number> {
  const targets = reportTargets(opts.output, opts.format);
  const formats = targets.map((t) => t.format);
  const { ruleSet, config } = selectRules(opts);
  const inputs = await expandInputs(args, expandOptions(opts));
  const progress = createProgress(inputs.length, process.stderr, { enabled: opts.progress !== false && !opts.quiet && !formats.some((f) => MACHINE_FORMATS.includes(f)) });
  discardReportOnSignal(targets[0]?.output);
  const outputs = await openReportOutputs(targets, inputs.flatMap((i) => (i.kind === "file" ? [i.file] : [])));
  const documents: DocumentReport[] = [];
  const texts: (DocumentText | undefined)[] = [];
  const errors: DocumentError[] = [];
  const configWaivers = configWaiversInForce(config, opts);
  const waivers = [...configWaivers];
  const used = new Set<Waiver>();
  const fail = async (error: DocumentError, line: string) => {
    errors.push(error);
    progress.log(`clausecheck: ${line}`);
    await outputs.line(formatJsonLine(error));
  };
  try {
    const batch = checkInputs(inputs, ruleSet, {
      ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
      // An explicit --timeout holds even for one document (checked on a worker thread, which
      // costs about a second); otherwise one document is checked in this thread, at once.
      ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000, isolate: true } : {}),
      read: readOptions(opts),
      keepTexts: formats.includes("html"),
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
        own = sidecarWaiversInForce(input.file, config, opts);
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
        await outputs.line(formatJsonLine(opts.gapsOnly ? documentGaps(doc) : doc));
      }
    }
    progress.done();
    const report = buildReport(ruleSet, documents, errors, unusedWaivers(waivers, used, documents.map((d) => d.file)));
    const color = opts.color === false ? { color: false } : {};
    await outputs.finish(report, { ...color, rules: ruleSet.rules, texts, gapsOnly: opts.gapsOnly ?? false }, opts.quiet);
  } catch (e) {
    progress.done();
    await outputs.abort();
    throw e;
  }
  return reportExitCode(documents, errors.length, opts.failOn);
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
    await emit(`${JSON.stringify(agreements.length === 1 ? agreements[0] : agreements, null, 2)}\n`, opts.output, inputs.flatMap((i) => (i.kind === "file" ? [i.file] : [])));
    if (opts.output && !opts.quiet) noteWritten(opts.output, `Agreement JSON, ${plural(agreements.length, "agreement")}`);
  }
  return unreadable > 0 ? EXIT.bad : EXIT.clean;
}

/** `diff` takes `check`'s options for reading, rules, policy and output. */
type DiffOptions = Pick<CheckOptions, "document" | "format" | "rules" | "config" | "failOn" | "color"> & { output?: string };

/**
 * `clausecheck diff OLD NEW`: both drafts checked with the same rules, config and waivers, then
 * compared rule by rule; exit 1 when the later draft opened a gap at or above --fail-on.
 * The comparison's modules load only for this command.
 */
async function runDiff(before: string, after: string, opts: DiffOptions): Promise<number> {
  const format: ReportFormat = opts.format ?? (opts.output ? formatForFile(opts.output) : undefined) ?? "text";
  const { ruleSet, config } = selectRules(opts);
  const [{ checkDraft }, { compareReports, gapsOpened }, { formatDiff }] = await Promise.all([
    import("./compare/check-draft.js"),
    import("./compare/compare-reports.js"),
    import("./report/format-diff.js"),
  ]);
  const reports: DocumentReport[] = [];
  for (const file of [before, after]) {
    const { report } = await checkDraft(file, ruleSet, readOptions(opts));
    applyWaivers(report, [...sidecarWaiversInForce(file, config, opts), ...configWaiversInForce(config, opts)]);
    reports.push(report);
  }
  const diff = compareReports(reports[0] as DocumentReport, reports[1] as DocumentReport);
  const color = opts.color === false || opts.output ? { color: false } : {};
  await emit(formatDiff(diff, format, { ...color, rules: ruleSet.rules }), opts.output, [before, after]);
  return gapsOpened(diff, opts.failOn).length > 0 ? EXIT.gaps : EXIT.clean;
}

interface ServeOptions {
  host: string;
  port: number;
  token?: string;
  insecureNoAuth?: boolean;
  cors?: string[];
  rules?: string;
  config?: string | false;
  jobs?: number;
  queue: number;
  timeout: number;
  queueTimeout: number;
  maxBytes: number;
  maxDocuments: number;
}

/** `--port N`: 0 to 65535. */
function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535");
  return n;
}

/** `--timeout S`: seconds, more than 0. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number of seconds over 0");
  return n;
}

/** `--max-bytes 16M`: bytes, with an optional k or M (powers of 1024). */
function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError("expected a size in bytes, e.g. 1048576, 512k or 16M");
  const n = Math.round(Number(m[1]) * (m[2]?.toLowerCase() === "k" ? 1024 : m[2]?.toLowerCase() === "m" ? 1024 * 1024 : 1));
  if (n < 1) throw new InvalidArgumentError("expected a size of at least 1 byte");
  return n;
}

/** `clausecheck serve`: the review desk and the API, until SIGINT or SIGTERM. The server's modules load only for this command. */
async function runServe(opts: ServeOptions): Promise<number> {
  const { ruleSet, config } = selectRules(opts);
  const { serve } = await import("./serve/serve-command.js");
  const token = opts.token ?? (process.env.CLAUSECHECK_TOKEN || undefined);
  await serve(
    {
      host: opts.host,
      port: opts.port,
      ...(token ? { token } : {}),
      ...(opts.insecureNoAuth ? { insecureNoAuth: true } : {}),
      ...(opts.cors ? { cors: opts.cors } : {}),
      ruleSet,
      ...(config ? { config } : {}),
      jobs: opts.jobs ?? defaultJobs(),
      queue: opts.queue,
      timeoutMs: Math.round(opts.timeout * 1000),
      queueTimeoutMs: Math.round(opts.queueTimeout * 1000),
      maxBytes: opts.maxBytes,
      maxDocuments: opts.maxDocuments,
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  return EXIT.clean;
}

/**
 * The rule folders `rules validate` and `rules test` read: DIR when given, else those `check`
 * would use (the config's, found as check finds it, else the bundled rules), with the config.
 */
function ruleFolders(dir: string | undefined, opts: { config?: string | false }): { dirs: string[]; config?: Config; label: string } {
  const configFile = dir !== undefined || opts.config === false ? undefined : (opts.config ?? findConfig());
  if (!configFile) {
    const only = dir ?? packagePath("rules");
    return { dirs: [only], label: displayPath(only) };
  }
  const config = loadConfig(configFile);
  return { dirs: config.rules, config, label: `${config.rules.map((d) => displayPath(d)).join(", ")} (the rules of ${displayPath(config.file)})` };
}

/** `clausecheck rules validate [DIR]`: every problem in every rule file (and in the config that selects them), located. */
function runValidate(dir: string | undefined, opts: { config?: string | false }): number {
  const { dirs, config, label } = ruleFolders(dir, opts);
  const settings = config ? { ...config.settings, disable: [] } : {};
  const problems = validateRules(dirs, settings);
  const inConfig = config && problems.length === 0 ? configProblems(config, loadRules(dirs, settings)) : [];
  const count = dirs.reduce((n, d) => n + ruleFiles(d).length, 0);
  const files = plural(count, "rule file");
  const all = [...problems, ...inConfig];
  if (all.length === 0) {
    process.stdout.write(`${label}: ${files}, no problems\n`);
    return EXIT.clean;
  }
  process.stdout.write(`${label}: ${files}\n\n`);
  process.stdout.write(formatRuleProblems(all));
  const where = config && inConfig.length ? displayPath(config.file) : `${new Set(problems.map((p) => p.file)).size} of ${count} rule files`;
  process.stdout.write(`${plural(all.length, "problem")} in ${where}\n`);
  return EXIT.bad;
}

/**
 * `clausecheck rules test [DIR]`: runs every rule's examples; exit 1 when one fails. With a
 * config, its folders, vocabularies and disabled rules apply; parameters and severities stay
 * the rules' own, which the examples are written against.
 */
async function runRuleTests(dir: string | undefined, opts: { config?: string | false }): Promise<number> {
  const { dirs, config, label } = ruleFolders(dir, opts);
  if (config) loadConfiguredRules(config);
  const settings = config ? { ...(config.settings.vocabularies ? { vocabularies: config.settings.vocabularies } : {}), ...(config.settings.disable ? { disable: config.settings.disable } : {}) } : {};
  const ruleSet = loadRules(dirs, settings);
  process.stdout.write(`${label}\n`);
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
    process.on(signal, () => discardUnfinishedReportsAndExit(code));
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
    .option("--no-waivers", "apply no waiver, from the config or a sidecar (deal.txt.waivers.yaml): every gap counts")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a gap of this severity or worse is found").choices(["error", "warning", "never"]).default("error"))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of standard output; its extension (.json .jsonl .sarif .xml .md .html) sets the format; give it again for more files, each in its own format", (file: string, files: string[] = []) => [...files, file])
    .option("-j, --jobs <n>", `documents checked at once, on worker threads; 1 checks in this thread (default: one fewer than the cores, here ${mostBatchJobs()}; 1 when the files come to less than 1 MB in all)`, parseJobs)
    .option("--timeout <seconds>", `the most time one document may take; past it, it is reported as a TIMEOUT error (exit 2) and the others are still checked (default: ${DEFAULT_TIMEOUT_MS / 1000} when documents are checked on worker threads; none when they are checked in this thread, unless given)`, parseTimeout)
    .option("--stdin-filename <name>", "the name to report standard input (-) under; its extension says how to read it (.docx, .htm)")
    .option("--document <type>", "in a full EDGAR submission, check only the document of this <TYPE> (e.g. EX-10.1)")
    .option("--gaps-only", "report only the gaps: passing checks, and documents without a gap, are left out (the totals still count them)")
    .option("--no-progress", "no progress bar on standard error (it is shown only on a terminal, for 10 documents or more)")
    .option("--no-color", "plain text without colours")
    .option("-q, --quiet", "nothing on standard error but errors: no line saying what --output wrote, no list of files skipped, no progress bar")
    .action(async (files: string[], opts: CheckOptions) => setExit(await runCheck(files, opts)));
  cli
    .command("diff")
    .description("compare two drafts rule by rule: the gaps the later one opened and closed, the clauses that changed, the gaps that stayed")
    .argument("<old>", "the earlier draft (.txt, .htm, .html, .docx)")
    .argument("<new>", "the later draft")
    .addOption(new Option("-f, --format <format>", "output format (default: from the --output file's extension, else text)").choices([...REPORT_FORMATS]))
    .option("-r, --rules <dir>", "folder of rule files (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .option("--no-waivers", "apply no waiver, from the config or a sidecar: every gap counts")
    .addOption(new Option("--fail-on <severity>", "exit 1 when the later draft opened a gap of this severity or worse").choices(["error", "warning", "never"]).default("error"))
    .option("-o, --output <file>", "write the comparison to a file (atomically); its extension (.json .jsonl .sarif .xml .md .html) sets the format")
    .option("--document <type>", "in full EDGAR submissions, compare the documents of this <TYPE> (e.g. EX-10.1)")
    .option("--no-color", "plain text without colours")
    .action(async (before: string, after: string, opts: DiffOptions) => setExit(await runDiff(before, after, opts)));
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
  cli
    .command("serve")
    .description("serve the review desk (a page at /) and the HTTP API, with the same rules, config and waivers as check")
    .option("--host <address>", "address to listen on; any but the loopback needs --token or --insecure-no-auth", "127.0.0.1")
    .option("-p, --port <port>", "port; 0 picks a free one (the URL is printed on standard output)", parsePort, 8787)
    .option("--token <token>", "bearer token every API request must carry (default: the CLAUSECHECK_TOKEN environment variable)")
    .option("--insecure-no-auth", "serve an address other than the loopback without a token")
    .option("--cors <origin>", "allow browser requests from this origin (repeat for more); none by default", (v: string, all: string[] = []) => [...all, v])
    .option("-r, --rules <dir>", "folder of rule files (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .option("-j, --jobs <n>", `documents checked at once, on worker threads (default: the number of cores, here ${defaultJobs()})`, parseJobs)
    .option("--queue <n>", "documents that may wait for a worker; one more is refused with 429", parseJobs, 16)
    .option("--timeout <seconds>", "time a request may take in all; past it while a document is checked: 504, and the work is stopped", parseSeconds, 30)
    .option("--queue-timeout <seconds>", "time a document may wait for a worker; past it: 503 with Retry-After", parseSeconds, 10)
    .option("--max-bytes <size>", "largest request body, in bytes (or with k, M: 16M)", parseSize, 16 * 1024 * 1024)
    .option("--max-documents <n>", "documents in one request", parseJobs, 10)
    .action(async (opts: ServeOptions) => setExit(await runServe(opts)));
  const redisOption = () => new Option("--redis <url>", "the Redis server holding the queue").env("CLAUSECHECK_REDIS").default(DEFAULT_REDIS_URL);
  const queueOption = () => new Option("--queue <name>", "the queue's name").default(DEFAULT_QUEUE);
  const queue = cli.command("queue").description("check an archive on a Redis-backed job queue, with workers on any number of machines");
  queue
    .command("add")
    .description("add one job per document (the same document under the same rules and config is one job); prints how many were added")
    .argument("<files...>", "agreement files, folders (searched recursively), quoted glob patterns, or - for standard input")
    .addOption(redisOption())
    .addOption(queueOption())
    .option("-r, --rules <dir>", "folder of rule files (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .option("--stdin-filename <name>", "the name to give standard input (-); its extension says how to read it")
    .action(async (files: string[], opts: QueueCommandOptions & { stdinFilename?: string }) => {
      const { ruleSet } = selectRules(opts);
      const { runQueueAdd } = await import("./queue/queue-cli.js");
      setExit(await runQueueAdd(files, ruleSet, { ...opts, stdin: () => readStdin(opts.stdinFilename ?? STDIN_NAME) }));
    });
  queue
    .command("status")
    .description("how many jobs are waiting, being checked, completed and failed, and which failed")
    .addOption(redisOption())
    .addOption(queueOption())
    .option("--wait", "follow the queue until no job is waiting or being checked (a progress bar on a terminal)")
    .option("--no-progress", "no progress bar with --wait")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (opts: QueueCommandOptions & { wait?: boolean; progress?: boolean; format: "text" | "json" }) => {
      const { runQueueStatus } = await import("./queue/queue-cli.js");
      setExit(await runQueueStatus(opts));
    });
  queue
    .command("results")
    .description("the report of the checked documents, as check gives it, in the order they were added")
    .addOption(redisOption())
    .addOption(queueOption())
    .addOption(new Option("-f, --format <format>", "output format (default: from the --output file's extension, else text)").choices([...REPORT_FORMATS]))
    .option("-o, --output <file>", "write the report to a file (atomically); its extension (.json .jsonl .sarif .xml .md .html) sets the format; give it again for more files, each in its own format", (file: string, files: string[] = []) => [...files, file])
    .option("-r, --rules <dir>", "folder of rule files, as given to queue add (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file, as given to queue add (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .option("--no-waivers", "apply no waiver, from the config or a sidecar: every gap counts")
    .addOption(new Option("--fail-on <severity>", "exit 1 when a gap of this severity or worse is found").choices(["error", "warning", "never"]).default("error"))
    .option("-q, --quiet", "no \"wrote\" line on standard error for --output")
    .option("--gaps-only", "report only the gaps, as check --gaps-only does")
    .option("--wait", "first wait until no job is waiting or being checked")
    .option("--no-progress", "no progress bar with --wait")
    .option("--no-color", "plain text without colours")
    .action(async (opts: QueueCommandOptions & { format?: ReportFormat; output?: string[]; failOn: Severity | "never"; color?: boolean; wait?: boolean; progress?: boolean }) => {
      const { ruleSet, config } = selectRules(opts);
      const { runQueueResults } = await import("./queue/queue-cli.js");
      setExit(await runQueueResults(ruleSet, config, opts));
    });
  queue
    .command("clear")
    .description("remove the queue's jobs, documents and results from Redis")
    .addOption(redisOption())
    .addOption(queueOption())
    .action(async (opts: QueueCommandOptions) => {
      const { runQueueClear } = await import("./queue/queue-cli.js");
      setExit(await runQueueClear(opts));
    });
  cli
    .command("worker")
    .description("take documents from the queue and check them until stopped (SIGTERM or SIGINT: after the documents in hand)")
    .addOption(redisOption())
    .addOption(queueOption())
    .option("--concurrency <n>", `documents checked at once, on worker threads (default: the number of cores, here ${defaultJobs()})`, parseJobs)
    .option("--stalled-after <seconds>", "hand a job to another worker when its worker has not been heard from for this long", parseSeconds, 30)
    .option("--name <name>", "the name jobs record as their worker's (default: host:pid)")
    .option("-r, --rules <dir>", "folder of rule files, as given to queue add (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file, as given to queue add (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .action(async (opts: QueueCommandOptions & { concurrency?: number; stalledAfter?: number; name?: string }) => {
      const { ruleSet } = selectRules(opts);
      const { runWorkerCommand } = await import("./queue/queue-cli.js");
      setExit(await runWorkerCommand(ruleSet, opts));
    });
  const rules = cli.command("rules").description("validate and test rule files");
  const ruleFolderArgument = "folder of rule files (default: the folders check uses: the config's, else the bundled rules)";
  rules
    .command("validate")
    .description("check every rule file (and the config that selects them) for mistakes, each reported at file:line:column")
    .argument("[dir]", ruleFolderArgument)
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .action((dir: string | undefined, opts: { config?: string | false }) => setExit(runValidate(dir, opts)));
  rules
    .command("list")
    .description("list the rules a check runs, with their parameters (the config's values in force)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-r, --rules <dir>", "folder of rule files (default: the config's, else the bundled rules)")
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .action(async (opts: { format: string; rules?: string; config?: string | false }) => {
      const { ruleListing, formatRuleListing } = await import("./rules/rule-listing.js");
      const listing = ruleListing(selectRules(opts).ruleSet);
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(listing, null, 2)}\n` : formatRuleListing(listing));
      setExit(EXIT.clean);
    });
  rules
    .command("test")
    .description("run every rule's examples and report those that fail")
    .argument("[dir]", ruleFolderArgument)
    .option("-c, --config <file>", "config file (default: clausecheck.config.yaml here or in a parent folder)")
    .option("--no-config", "ignore any config file")
    .action(async (dir: string | undefined, opts: { config?: string | false }) => setExit(await runRuleTests(dir, opts)));
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

/** Runs the command line `argv` (as process.argv: node, script, arguments); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
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

void runProcess();
