// clausecheck benchmark: `npm run bench` (builds first, then runs this file).
//
// Prints medians next to the targets of issue 6 ("met" / "not met"); it never fails on a slow
// run: timings depend on the machine. See bench/README.md for what each figure means.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { basename, delimiter, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { patternKeyword, toEre } from "./grep-patterns.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist", "index.js");
const cli = join(root, "dist", "cli.js");
if (!existsSync(dist) || !existsSync(cli)) {
  console.error("bench: dist/ is missing; run `npm run bench` (it builds first) or `npx tsc -p tsconfig.build.json`");
  process.exit(1);
}
const { bundledRulesDir, checkAgreement, loadRules, parseAgreement, sourceFromBytes } = await import(dist);

/** Run counts, overridable for a quick look (see bench/README.md): BENCH_QUICK=1 npm run bench. */
const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = positive(process.env.BENCH_RUNS, QUICK ? 30 : 200);
const CLI_RUNS = positive(process.env.BENCH_CLI_RUNS, QUICK ? 5 : 20);
const CORPUS_RUNS = positive(process.env.BENCH_CORPUS_RUNS, QUICK ? 1 : 5);
const MEM_RUNS = positive(process.env.BENCH_MEM_RUNS, QUICK ? 1 : 5);
const MAX_SCALE = positive(process.env.BENCH_MAX_SCALE, QUICK ? 100 : 1000);
// In-process figures are steady state, as in a pipeline or a server that checks many
// agreements: the JIT needs several hundred runs of a small document to settle (the seed, blocks
// of 200 runs after 200 warm-up runs, medians: 1.11-1.15 ms, then 0.93-1.02, then 0.84-0.96).
const WARMUP = QUICK ? 100 : 1000;
const CORES = cpus().length;

const seedPath = join(root, "samples", "valence-ridgeway-1999.txt");
/** Corpus folders: ../shared/corpus/edgar and cuad beside the repository, or BENCH_CORPUS_DIRS (":"-separated). */
const corpusDirs = process.env.BENCH_CORPUS_DIRS
  ? process.env.BENCH_CORPUS_DIRS.split(delimiter).filter(Boolean).map((d) => resolve(d))
  : ["edgar", "cuad"].map((d) => fileURLToPath(new URL(`../../shared/corpus/${d}/`, import.meta.url)));
const fixturesDir = join(root, "test", "fixtures", "corpus");

function positive(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds of each of `runs` calls of `fn`, after `warmup` calls that are not counted. */
async function time(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The .txt files of a folder (searched recursively), with their sizes. */
function textFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((n) => n.endsWith(".txt"))
    .map((n) => ({ path: join(dir, n), size: statSync(join(dir, n)).size }));
}

const rows = [];
const notes = [];
const verdicts = [];
/** A row of the table; `rate` is an extra figure (MB/s, ms/KB), `target` the goal and whether it is met. */
const row = (what, samples, extra = {}) => {
  const r = { what, median: median(samples), min: Math.min(...samples), runs: samples.length, ...extra };
  rows.push(r);
  return r;
};
const judge = (r, target, met) => {
  r.target = `${target}: ${met ? "met" : "NOT MET"}`;
  verdicts.push({ target, met });
};
const kbOf = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const progress = (msg) => process.stderr.write(`bench: ${msg}\n`);

// The corpus (or the fixtures when it is not there).
let corpus = corpusDirs.flatMap(textFiles);
let corpusArgs = corpusDirs.filter(existsSync);
let corpusLabel = corpusDirs.map((d) => relative(root, d) || ".").join(" + ");
if (corpus.length === 0) {
  notes.push(`${corpusLabel}: not found; using test/fixtures/corpus/ instead (figures are not comparable)`);
  corpus = textFiles(fixturesDir);
  corpusArgs = [fixturesDir];
  corpusLabel = "test/fixtures/corpus";
}
const corpusBytes = corpus.reduce((n, f) => n + f.size, 0);
const corpusMB = corpusBytes / 1e6;
const large = [...corpus].sort((a, b) => b.size - a.size)[0]?.path;

// (0) Loading the bundled rules (YAML + schema validation + pattern compilation).
progress("rules");
const rules = loadRules(bundledRulesDir);
row(`load bundled rules (${rules.rules.length} rules)`, await time(() => loadRules(bundledRulesDir), QUICK ? 10 : 50, 5));

// (a) Cold start of the CLI on the seed, next to a bare `node -e 0`, interleaved in the same run.
progress("cold start");
const seedArg = relative(root, seedPath);
/** Wall time of one process (`node …`, or the command given), or undefined when it failed (such a run is not counted). */
const spawn = (args, opts = {}, command = process.execPath) => {
  const t = performance.now();
  const r = spawnSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 30, ...opts });
  const ms = performance.now() - t;
  // The CLI exits 0 (all pass) or 1 (gaps); anything else, or output on stderr, is a failed run.
  if ((r.status !== 0 && r.status !== 1) || r.stderr) {
    notes.push(`a run of \`${command === process.execPath ? "node" : relative(root, command)} ${args.join(" ").slice(0, 120)}\` failed (exit ${r.status}): ${(r.stderr || "").trim().split("\n")[0]}; not counted`);
    return undefined;
  }
  return ms;
};
// bin/clausecheck is the command a user runs: the bundle with its code cache when the build
// made one (scripts/build-bundle.mjs), else the same as `node dist/cli.js`. The bundle is also
// timed without the launcher's shell, which is what the tests run.
const launcher = join(root, "bin", "clausecheck");
const bundleStart = join(root, "dist", "bundle", "cli.cjs");
const bundled = existsSync(bundleStart);
spawn([seedArg], {}, launcher);
spawn([cli, seedArg]);
spawn(["-e", "0"]);
const coldLauncher = [];
const coldBundle = [];
const coldCli = [];
const coldNode = [];
for (let i = 0; i < CLI_RUNS; i++) {
  const l = spawn([seedArg], {}, launcher);
  const u = bundled ? spawn([bundleStart, seedArg]) : undefined;
  const a = spawn([cli, seedArg]);
  const b = spawn(["-e", "0"]);
  if (l !== undefined) coldLauncher.push(l);
  if (u !== undefined) coldBundle.push(u);
  if (a !== undefined) coldCli.push(a);
  if (b !== undefined) coldNode.push(b);
}
if (coldCli.length === 0 || coldNode.length === 0 || coldLauncher.length === 0) {
  for (const n of notes) console.error(`- ${n}`);
  console.error("bench: every cold-start run failed");
  process.exit(1);
}
const coldRatio = median(coldLauncher) / median(coldNode);
const plainRatio = median(coldCli) / median(coldNode);
judge(
  row(`CLI cold start: bin/clausecheck ${seedArg}${bundled ? " (bundle, code cache)" : " (no bundle built: dist/cli.js)"}`, coldLauncher, { rate: `${coldRatio.toFixed(2)}x node` }),
  "<= 1.3x node -e 0",
  coldRatio <= 1.3,
);
if (coldBundle.length > 0) row(`CLI cold start: node dist/bundle/cli.cjs ${seedArg}`, coldBundle, { rate: `${(median(coldBundle) / median(coldNode)).toFixed(2)}x node` });
row(`CLI cold start: node dist/cli.js ${seedArg}`, coldCli, { rate: `${plainRatio.toFixed(2)}x node` });
row("node -e 0", coldNode);

// (b) Parse + check of one document in this process; the file is read and decoded once, outside the timing.
progress("in-process parse + check");
async function parseAndCheck(path, label, target) {
  const bytes = readFileSync(path);
  const source = await sourceFromBytes(bytes, relative(root, path));
  const once = async () => checkAgreement(source, rules, parseAgreement(source));
  const report = await once();
  const runs = bytes.length > 100_000 ? Math.max(5, Math.round(RUNS / 10)) : RUNS;
  // A large document warms up with as many runs as it is timed.
  const warmup = bytes.length > 100_000 ? Math.min(WARMUP, runs) : WARMUP;
  const r = row(`parse + check ${label} (${kbOf(bytes.length)})`, await time(once, runs, warmup));
  r.rate = `${(r.median / (bytes.length / 1024)).toFixed(3)} ms/KB`;
  if (target) judge(r, target.text, target.met(r.median));
  notes.push(`${label}: ${report.summary.passed} passed, ${report.summary.gaps} gaps`);
}
await parseAndCheck(seedPath, "seed", { text: "< 1 ms", met: (ms) => ms < 1 });
if (large) {
  notes.push(`largest document: ${relative(root, large)}`);
  await parseAndCheck(large, basename(large).length > 40 ? `${basename(large).slice(0, 37)}…` : basename(large));
} else notes.push("no corpus document found: largest-document figure skipped");

// (d) Time against document size: the seed repeated 1×, 10×, 100× (1000× when it would take under 20 s).
progress("time against size");
const seedText = readFileSync(seedPath, "utf8");
const perKB = [];
for (let n = 1; n <= MAX_SCALE; n *= 10) {
  const text = Array.from({ length: n }, () => seedText).join("\n\n");
  const bytes = Buffer.from(text, "utf8");
  const source = await sourceFromBytes(bytes, `seed-x${n}.txt`);
  const once = async () => checkAgreement(source, rules, parseAgreement(source));
  const t0 = performance.now();
  await once();
  const first = performance.now() - t0;
  if (n > 100 && first * 5 > 20_000) {
    notes.push(`seed ×${n}: one run took ${fmt(first)}; skipped (5 runs would take over 20 s)`);
    break;
  }
  // At least 5 runs: the largest size is judged on its median, and 3 runs of it on this
  // machine spread by a third.
  const runs = n === 1 ? RUNS : Math.max(5, Math.min(RUNS, Math.floor(2000 / Math.max(first, 0.01))));
  const r = row(`parse + check seed ×${n} (${kbOf(bytes.length)})`, await time(once, runs, n === 1 ? WARMUP : 1));
  const msPerKB = r.median / (bytes.length / 1024);
  r.rate = `${msPerKB.toFixed(3)} ms/KB`;
  perKB.push({ n, r, msPerKB });
}
if (perKB.length >= 3) {
  // Linear: ms/KB at the largest size no more than 1.5× that at 10× (1× is dominated by fixed costs).
  const base = perKB[1].msPerKB;
  const last = perKB[perKB.length - 1];
  const growth = last.msPerKB / base;
  judge(last.r, `linear (ms/KB ≤ 1.5x that at ×10; here ${growth.toFixed(2)}x)`, growth <= 1.5);
}

// (c) Throughput over the whole corpus: in-process on one thread, the CLI with --jobs 1 and
// --jobs 2, and a grep -c pass over the same files with as many patterns, interleaved round by round.
progress(`corpus throughput (${corpus.length} documents, ${corpusMB.toFixed(1)} MB, ${CORPUS_RUNS} rounds)`);
const findSources = rules.rules.flatMap((r) => r.find).map((f) => f.source ?? String(f));
const grepArgs = (patterns) => ["-E", "-c", "-i", ...patterns.flatMap((p) => ["-e", p]), "--", ...corpus.map((f) => f.path)];
const grepKeywords = grepArgs(findSources.map(patternKeyword));
const runGrep = (args) => {
  const t = performance.now();
  const r = spawnSync("grep", args, { encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) {
    notes.push(`grep failed (exit ${r.status}): ${(r.stderr || r.error?.message || "").trim().split("\n")[0]}`);
    return undefined;
  }
  return ms;
};
async function inProcessCorpus() {
  for (const f of corpus) {
    const source = await sourceFromBytes(readFileSync(f.path), f.path);
    await checkAgreement(source, rules, parseAgreement(source));
  }
}
const cliCorpus = (jobs) => spawn([cli, "check", "--format", "json", "--no-config", "--quiet", "--jobs", String(jobs), ...corpusArgs], { stdio: ["ignore", "ignore", "pipe"] });
const jobsList = [...new Set([1, 2, ...(CORES > 2 ? [CORES] : [])])];
const tp = { grep: [], inproc: [], ...Object.fromEntries(jobsList.map((j) => [`jobs${j}`, []])) };
await inProcessCorpus(); // warm-up: JIT and file cache
runGrep(grepKeywords);
for (let i = 0; i < CORPUS_RUNS; i++) {
  const g = runGrep(grepKeywords);
  if (g !== undefined) tp.grep.push(g);
  const t = performance.now();
  await inProcessCorpus();
  tp.inproc.push(performance.now() - t);
  for (const j of jobsList) {
    const ms = cliCorpus(j);
    if (ms !== undefined) tp[`jobs${j}`].push(ms);
  }
}
const rate = (ms) => `${(corpusMB / (ms / 1000)).toFixed(1)} MB/s, ${(corpus.length / (ms / 1000)).toFixed(0)} docs/s`;
const grepMedian = tp.grep.length ? median(tp.grep) : undefined;
const throughputRow = (what, samples, judged) => {
  if (!samples.length) return notes.push(`${what}: every run failed`);
  const r = row(what, samples, { rate: rate(median(samples)) });
  if (grepMedian !== undefined) {
    const x = median(samples) / grepMedian;
    r.rate += `, ${x.toFixed(0)}x grep`;
    if (judged) judge(r, "within 20x of grep", x <= 20);
  }
};
const corpusWhat = `${corpus.length} docs, ${corpusMB.toFixed(1)} MB`;
throughputRow(`corpus in-process, one thread (${corpusWhat})`, tp.inproc, false);
for (const j of jobsList) throughputRow(`corpus CLI --jobs ${j}`, tp[`jobs${j}`], j === Math.max(1, CORES));
if (tp.grep.length) row(`grep -E -c -i, ${findSources.length} keyword patterns, same files`, tp.grep, { rate: rate(grepMedian) });
notes.push(`grep patterns: the longest literal of each of the ${findSources.length} find patterns (bench/grep-patterns.mjs)`);
if (process.env.BENCH_GREP_FULL === "1") {
  // The rules' own patterns translated to ERE: one run, it takes tens of seconds.
  progress("grep with the rules' full patterns (BENCH_GREP_FULL=1)");
  const full = runGrep(grepArgs(rules.rules.flatMap((r) => r.find).map((f) => toEre(f.re.source))));
  if (full !== undefined) row(`grep -E -c -i, the ${findSources.length} find patterns as ERE`, [full], { rate: rate(full) });
}

// (e) Peak memory (RSS) of checking the largest document, in a child process.
if (large) {
  progress("peak memory");
  const hasTime = existsSync("/usr/bin/time") && process.env.BENCH_NO_TIME !== "1";
  const peakKB = (args) => {
    if (hasTime) {
      const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
      const kb = Number((r.stderr || "").trim().split("\n").pop());
      return Number.isFinite(kb) && kb > 0 ? kb : undefined;
    }
    // No /usr/bin/time: run the CLI inside a child that reports its own maxRSS (KB on Linux and macOS) at exit.
    const inner = `const a=JSON.parse(process.argv[1]);process.argv=[process.argv[0],...a];process.on("exit",()=>process.stderr.write("\\nRSS "+process.resourceUsage().maxRSS+"\\n"));if(a[0]==="-e")process.exit(0);await import((await import("node:url")).pathToFileURL(a[0]).href);`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", inner, JSON.stringify(args)], { cwd: root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    const m = /RSS (\d+)/.exec(r.stderr || "");
    return m ? Number(m[1]) : undefined;
  };
  const cliArgs = [cli, "check", "--format", "json", "--no-config", "--jobs", "1", large];
  const mem = [];
  const memNode = [];
  for (let i = 0; i < MEM_RUNS; i++) {
    const a = peakKB(cliArgs);
    const b = peakKB(["-e", "0"]);
    if (a) mem.push(a / 1024);
    if (b) memNode.push(b / 1024);
  }
  const how = hasTime ? "/usr/bin/time -f %M" : "process.resourceUsage().maxRSS";
  if (mem.length) {
    const r = row(`peak RSS: CLI --jobs 1 on the largest document`, mem, { unit: "MB" });
    judge(r, "< 200 MB", r.median < 200);
  }
  if (memNode.length) row("peak RSS: node -e 0", memNode, { unit: "MB" });
  notes.push(`peak RSS measured with ${how}`);
}

// (f) The queue (issue 13): the same corpus through Redis with 1 and 2 worker processes, next to
// check --jobs 1 and 2 timed again in the same rounds (bench/queue.mjs; skipped without redis-server).
progress("queue");
const { benchQueue } = await import("./queue.mjs");
const queueBench = await benchQueue({ corpusArgs, rounds: QUICK ? 1 : Math.min(CORPUS_RUNS, 3), progress });
for (const r of queueBench.rows) row(r.what, r.samples, { rate: `${(r.docs / (median(r.samples) / 1000)).toFixed(0)} docs/s` });
notes.push(...queueBench.notes);

// The table.
const cell = (r, v) => (r.unit === "MB" ? `${v.toFixed(1)} MB` : fmt(v));
const width = Math.max(...rows.map((r) => r.what.length));
const rateWidth = Math.max(4, ...rows.map((r) => (r.rate ?? "").length));
console.log(`clausecheck bench: node ${process.version}, ${process.platform} ${process.arch}, ${CORES} CPUs${QUICK ? " (BENCH_QUICK)" : ""}\n`);
console.log(`${"what".padEnd(width)}  ${"median".padStart(10)}  ${"min".padStart(10)}  ${"runs".padStart(5)}  ${"rate".padEnd(rateWidth)}  target`);
for (const r of rows) {
  console.log(
    `${r.what.padEnd(width)}  ${cell(r, r.median).padStart(10)}  ${cell(r, r.min).padStart(10)}  ${String(r.runs).padStart(5)}  ${(r.rate ?? "").padEnd(rateWidth)}  ${r.target ?? ""}`.trimEnd(),
  );
}
console.log(`\ncold start / node -e 0 (medians): bin/clausecheck ${coldRatio.toFixed(2)}x (${fmt(median(coldLauncher) - median(coldNode))} over bare node); node dist/cli.js ${plainRatio.toFixed(2)}x (${fmt(median(coldCli) - median(coldNode))})`);
console.log(`targets (issues 6 and 12): ${verdicts.filter((v) => v.met).length} of ${verdicts.length} met${verdicts.some((v) => !v.met) ? `; not met: ${verdicts.filter((v) => !v.met).map((v) => v.target).join("; ")}` : ""}`);
for (const n of notes) console.log(`- ${n}`);

// (g) Time and peak memory against the number of exhibits of a 2 MB EDGAR submission (issue 14;
// bench/exhibits.mjs): flat when each exhibit is read over its own text. BENCH_EXHIBITS=0 skips it.
if (process.env.BENCH_EXHIBITS !== "0") {
  const { benchExhibits, formatExhibits } = await import("./exhibits.mjs");
  const counts = (process.env.BENCH_EXHIBITS ?? "100,200,300").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  console.log(`\n${formatExhibits(benchExhibits({ counts, log: progress }))}`);
}

// (h) The review desk's server (bench/serve.mjs): requests per second and latency for the seed
// from 1, 8 and 32 concurrent clients, beside the in-process figure above. BENCH_SERVE=0 skips it.
if (process.env.BENCH_SERVE !== "0") {
  const { benchServer, formatServerBench } = await import("./serve.mjs");
  const seedRow = rows.find((r) => r.what.startsWith("parse + check seed ("));
  console.log(`\n${formatServerBench(await benchServer({ quick: QUICK, ...(seedRow ? { inProcessMs: seedRow.median } : {}), log: progress }))}`);
}
