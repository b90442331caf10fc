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
// In-process figures are steady state, as in a pipeline that checks many agreements: the
// JIT needs a few hundred runs of a small document to settle.
const WARMUP = QUICK ? 30 : 300;
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
// bin/clausecheck is the command a user runs: from the start-up snapshot when one is built
// (scripts/build-snapshot.mjs), else the same as `node dist/cli.js`.
const launcher = join(root, "bin", "clausecheck");
const snapshot = existsSync(join(root, "dist", "clausecheck.blob"));
spawn([seedArg], {}, launcher);
spawn([cli, seedArg]);
spawn(["-e", "0"]);
const coldLauncher = [];
const coldCli = [];
const coldNode = [];
for (let i = 0; i < CLI_RUNS; i++) {
  const l = spawn([seedArg], {}, launcher);
  const a = spawn([cli, seedArg]);
  const b = spawn(["-e", "0"]);
  if (l !== undefined) coldLauncher.push(l);
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
  row(`CLI cold start: bin/clausecheck ${seedArg}${snapshot ? " (start-up snapshot)" : " (no snapshot built)"}`, coldLauncher, { rate: `${coldRatio.toFixed(2)}x node` }),
  "<= 1.3x node -e 0",
  coldRatio <= 1.3,
);
row(`CLI cold start: node dist/cli.js ${seedArg}`, coldCli, { rate: `${plainRatio.toFixed(2)}x node` });
row("node -e 0", coldNode);

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
console.log(`targets (issue 6): ${verdicts.filter((v) => v.met).length} of ${verdicts.length} met${verdicts.some((v) => !v.met) ? `; not met: ${verdicts.filter((v) => !v.met).map((v) => v.target).join("; ")}` : ""}`);
for (const n of notes) console.log(`- ${n}`);

// (e) Time and peak memory against the number of exhibits of a 2 MB EDGAR submission (issue 14;
// bench/exhibits.mjs): flat when each exhibit is read over its own text. BENCH_EXHIBITS=0 skips it.
if (process.env.BENCH_EXHIBITS !== "0") {
  const { benchExhibits, formatExhibits } = await import("./exhibits.mjs");
  const counts = (process.env.BENCH_EXHIBITS ?? "100,200,300").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  console.log(`\n${formatExhibits(benchExhibits({ counts, log: progress }))}`);
}

// (f) The review desk's server (bench/serve.mjs): requests per second and latency for the seed
// from 1, 8 and 32 concurrent clients, beside the in-process figure above. BENCH_SERVE=0 skips it.
if (process.env.BENCH_SERVE !== "0") {
  const { benchServer, formatServerBench } = await import("./serve.mjs");
  const seedRow = rows.find((r) => r.what.startsWith("parse + check seed ("));
  console.log(`\n${formatServerBench(await benchServer({ quick: QUICK, ...(seedRow ? { inProcessMs: seedRow.median } : {}), log: progress }))}`);
}
