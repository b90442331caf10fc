// Time and peak memory against the number of exhibits in a full EDGAR submission (issue 14):
// a 2 MB submission (a long 10-K body, then N tiny agreement exhibits, fuzz/shapes.mjs) checked
// by `node dist/cli.js check FILE --format json --jobs 1` as a new process, for N = 100, 200,
// 300. Each exhibit is read over its own text, so time and memory should barely grow with N
// (before, each exhibit was checked over a full-length copy of the file: 145 s and 2.4 GB at 300).
//
//   node bench/exhibits.mjs            after `npm run build`; also run by bench/run.mjs
//   BENCH_EXHIBITS=100,300             the exhibit counts (default 100,200,300)
//   BENCH_NO_TIME=1                    peak memory from the child's process.resourceUsage(), not /usr/bin/time
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { edgarSubmission } from "../fuzz/shapes.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "cli.js");
const TIME = "/usr/bin/time";

/** One run of the CLI on `file`: wall milliseconds and peak RSS in MB (undefined when the run failed). */
function measure(file) {
  const args = [cli, "check", file, "--format", "json", "--jobs", "1"];
  const useTime = existsSync(TIME) && process.env.BENCH_NO_TIME !== "1";
  const t = performance.now();
  const r = useTime
    ? spawnSync(TIME, ["-f", "peak-kb %M", process.execPath, ...args], { encoding: "utf8", maxBuffer: 1 << 30 })
    : spawnSync(
        process.execPath,
        ["-e", `process.on("exit", () => process.stderr.write("peak-kb " + process.resourceUsage().maxRSS + "\\n")); process.argv.splice(1, 0, ${JSON.stringify(cli)}); import(${JSON.stringify(`file://${cli}`)});`, ...args.slice(1)],
        { encoding: "utf8", maxBuffer: 1 << 30 },
      );
  const ms = performance.now() - t;
  const kb = Number(/peak-kb (\d+)/.exec(r.stderr ?? "")?.[1]);
  if ((r.status !== 0 && r.status !== 1) || !Number.isFinite(kb)) return { ms, error: `exit ${r.status}: ${(r.stderr ?? "").trim().split("\n")[0]}` };
  return { ms, mb: kb / 1024, documents: JSON.parse(r.stdout).documents.length };
}

/** The rows of the exhibit-scaling figure: exhibit count, bytes, seconds, peak MB. */
export function benchExhibits({ counts = [100, 200, 300], log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "clausecheck-exhibits-"));
  const rows = [];
  try {
    for (const n of counts) {
      const text = edgarSubmission(n);
      const file = join(dir, `submission-${n}.txt`);
      writeFileSync(file, text);
      log(`EDGAR submission with ${n} exhibits`);
      rows.push({ n, bytes: Buffer.byteLength(text), ...measure(file) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The figure as text: one line per exhibit count, and the growth from the first to the last. */
export function formatExhibits(rows) {
  const out = ["EDGAR submission, ~2 MB, N tiny agreement exhibits (node dist/cli.js check --format json --jobs 1):"];
  for (const r of rows) {
    const size = `${(r.bytes / 1e6).toFixed(1)} MB`;
    out.push(r.error ? `  ${String(r.n).padStart(4)} exhibits  ${size}  failed (${r.error})` : `  ${String(r.n).padStart(4)} exhibits  ${size}  ${(r.ms / 1000).toFixed(2).padStart(7)} s  peak ${r.mb.toFixed(0).padStart(5)} MB  (${r.documents} documents checked)`);
  }
  const ok = rows.filter((r) => !r.error);
  if (ok.length >= 2) {
    const [a, b] = [ok[0], ok[ok.length - 1]];
    out.push(`  ${a.n} -> ${b.n} exhibits: time x${(b.ms / a.ms).toFixed(2)}, peak memory x${(b.mb / a.mb).toFixed(2)} (linear in the file: both near x1; quadratic: time x${(b.n / a.n).toFixed(0)} or worse)`);
  }
  return out.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!existsSync(cli)) {
    console.error("bench: dist/ is missing; run `npm run build` first");
    process.exit(1);
  }
  const counts = (process.env.BENCH_EXHIBITS ?? "100,200,300").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  console.log(formatExhibits(benchExhibits({ counts, log: (m) => process.stderr.write(`bench: ${m}\n`) })));
}
