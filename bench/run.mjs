// clausecheck benchmark: `npm run bench` (builds first, then runs this file).
//
// Prints medians, never judges them: timings depend on the machine, so nothing here fails
// on a slow run. See bench/README.md for what each figure means.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist", "index.js");
const cli = join(root, "dist", "cli.js");
if (!existsSync(dist) || !existsSync(cli)) {
  console.error("bench: dist/ is missing; run `npm run bench` (it builds first) or `npx tsc -p tsconfig.build.json`");
  process.exit(1);
}
const { bundledRulesDir, checkAgreement, loadRules, parseAgreement, sourceFromBytes } = await import(dist);

/** Run counts, overridable for a quick look: BENCH_RUNS=50 BENCH_CLI_RUNS=5 npm run bench. */
const RUNS = positive(process.env.BENCH_RUNS, 200);
const CLI_RUNS = positive(process.env.BENCH_CLI_RUNS, 20);
const WARMUP = 20;

const seedPath = join(root, "samples", "valence-ridgeway-1999.txt");
/** ../shared/corpus/edgar/ beside the repository; BENCH_EDGAR_DIR points elsewhere (or nowhere, to try the fallback). */
const edgarDir = process.env.BENCH_EDGAR_DIR ?? fileURLToPath(new URL("../../shared/corpus/edgar/", import.meta.url));
const edgarLabel = process.env.BENCH_EDGAR_DIR ?? "../shared/corpus/edgar/";
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

/** The largest .txt file of a folder, or undefined. */
function largestText(dir) {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((n) => n.endsWith(".txt"))
    .map((n) => ({ path: join(dir, n), size: statSync(join(dir, n)).size }))
    .sort((a, b) => b.size - a.size);
  return files[0]?.path;
}

const rows = [];
const notes = [];
const row = (what, samples) => rows.push({ what, median: median(samples), min: Math.min(...samples), runs: samples.length });
const kb = (path) => `${(statSync(path).size / 1024).toFixed(1)} KB`;

// (0) Loading the bundled rules (YAML + schema validation + pattern compilation).
const rules = loadRules(bundledRulesDir);
row(`load bundled rules (${rules.rules.length} rules)`, await time(() => loadRules(bundledRulesDir), 50, 5));

/** Parse + check of one document in this process; the file is read and decoded once, outside the timing. */
async function parseAndCheck(path, label) {
  const source = await sourceFromBytes(readFileSync(path), relative(root, path));
  const once = async () => checkAgreement(source, rules, parseAgreement(source));
  const report = await once();
  row(`parse + check ${label} (${kb(path)})`, await time(once, RUNS, WARMUP));
  notes.push(`${label}: ${report.summary.passed} passed, ${report.summary.gaps} gaps`);
}

// (1) The seed.
await parseAndCheck(seedPath, "seed");

// (2) The largest real agreement at hand.
let large = largestText(edgarDir);
if (large) {
  notes.push(`large document: ${basename(large)} from ${edgarLabel}`);
} else {
  notes.push(`${edgarLabel} not found: skipped; using the largest file in test/fixtures/corpus/ instead`);
  large = largestText(fixturesDir);
}
if (large) await parseAndCheck(large, basename(large));
else notes.push("no large document found in test/fixtures/corpus/ either: skipped");

// (3) Cold start of the CLI on the seed, next to a bare `node -e 0`, interleaved in the same run.
const seedArg = relative(root, seedPath);
/** Wall time of one `node …` process, or undefined when it failed (such a run is not counted). */
const spawn = (args) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  const ms = performance.now() - t;
  // The CLI exits 0 (all pass) or 1 (gaps); anything else, or output on stderr, is a failed run.
  if ((r.status !== 0 && r.status !== 1) || r.stderr) {
    notes.push(`a run of \`node ${args.join(" ")}\` failed (exit ${r.status}): ${(r.stderr || "").trim().split("\n")[0]}; not counted`);
    return undefined;
  }
  return ms;
};
spawn([cli, seedArg]);
spawn(["-e", "0"]);
const coldCli = [];
const coldNode = [];
for (let i = 0; i < CLI_RUNS; i++) {
  const a = spawn([cli, seedArg]);
  const b = spawn(["-e", "0"]);
  if (a !== undefined) coldCli.push(a);
  if (b !== undefined) coldNode.push(b);
}
if (coldCli.length === 0 || coldNode.length === 0) {
  for (const n of notes) console.error(`- ${n}`);
  console.error("bench: every cold-start run failed");
  process.exit(1);
}
row(`CLI cold start: node dist/cli.js ${seedArg}`, coldCli);
row("node -e 0", coldNode);

// The table.
const fmt = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);
const width = Math.max(...rows.map((r) => r.what.length));
console.log(`clausecheck bench: node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} CPUs\n`);
console.log(`${"what".padEnd(width)}  ${"median".padStart(10)}  ${"min".padStart(10)}  ${"runs".padStart(5)}`);
for (const r of rows) {
  console.log(`${r.what.padEnd(width)}  ${fmt(r.median).padStart(10)}  ${fmt(r.min).padStart(10)}  ${String(r.runs).padStart(5)}`);
}
const ratio = median(coldCli) / median(coldNode);
console.log(`\ncold start / node -e 0 (medians): ${ratio.toFixed(2)}x (${fmt(median(coldCli) - median(coldNode))} over bare node)`);
for (const n of notes) console.log(`- ${n}`);
