// The review desk's server under load: `node bench/serve.mjs` (after a build), or the last part
// of `npm run bench`.
//
// Starts `node dist/cli.js serve --port 0` as a user would (its own process, --no-config, a
// queue long enough for every client), then posts the seed to /v1/check with autocannon from
// 1, 8 and 32 concurrent clients for BENCH_SERVE_SECONDS each (10; 3 with BENCH_QUICK=1), after
// a warm-up. Prints requests per second (answered 200), p50 and p99 latency, and any other
// status, next to the in-process figure (parse + check of the seed on one thread).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const seedPath = join(root, "samples", "valence-ridgeway-1999.txt");

/** Starts the built server on a free port; resolves with its URL and a stop function. */
function startServer(args) {
  const child = spawn(process.execPath, [join(root, "dist", "cli.js"), "serve", "--port", "0", "--no-config", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^(http:\/\/\S+?)\/?\n/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.on("exit", () => r()), child.kill("SIGTERM")))) });
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}: ${err.trim()}`)));
  });
}

/** Median milliseconds of parse + check of the seed in this process, after a warm-up (what `npm run bench` calls steady state). */
async function inProcessSeed(quick) {
  const { bundledRulesDir, checkAgreement, loadRules, parseAgreement, sourceFromBytes } = await import(pathToFileURL(join(root, "dist", "index.js")).href);
  const rules = loadRules(bundledRulesDir);
  const source = await sourceFromBytes(readFileSync(seedPath), relative(root, seedPath));
  const once = () => checkAgreement(source, rules, parseAgreement(source));
  for (let i = 0; i < (quick ? 30 : 300); i++) await once();
  const times = [];
  for (let i = 0; i < (quick ? 30 : 200); i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * The server's figures for the seed: for each number of concurrent clients, requests per second
 * answered 200, p50 and p99 latency (ms) and the count of other answers. `inProcessMs` is the
 * in-process median to print beside them (measured here when not given).
 */
export async function benchServer({ quick = process.env.BENCH_QUICK === "1", inProcessMs, log = (m) => process.stderr.write(`bench: ${m}\n`) } = {}) {
  const { default: autocannon } = await import("autocannon");
  const seconds = Number(process.env.BENCH_SERVE_SECONDS) > 0 ? Number(process.env.BENCH_SERVE_SECONDS) : quick ? 3 : 10;
  const body = readFileSync(seedPath);
  const inProcess = inProcessMs ?? (await inProcessSeed(quick));
  log("server: starting clausecheck serve");
  const server = await startServer(["--queue", "64"]);
  const url = `${server.url}/v1/check?name=${encodeURIComponent(relative(root, seedPath))}`;
  const run = (connections, duration) =>
    autocannon({ url, method: "POST", body, headers: { "content-type": "text/plain" }, connections, duration, timeout: 30 });
  const rows = [];
  try {
    // Warm-up: the workers' JIT, as the in-process figure is taken at steady state.
    await run(8, quick ? 1 : 3);
    for (const connections of [1, 8, 32]) {
      log(`server: ${connections} concurrent client${connections === 1 ? "" : "s"}, ${seconds} s`);
      const r = await run(connections, seconds);
      const ok = Number(r.statusCodeStats?.["200"]?.count ?? 0);
      const others = Object.entries(r.statusCodeStats ?? {})
        .filter(([code]) => code !== "200")
        .map(([code, s]) => `${s.count}× ${code}`);
      if (r.errors) others.push(`${r.errors} errors`);
      rows.push({ connections, rps: ok / r.duration, p50: r.latency.p50, p99: r.latency.p99, others });
    }
  } finally {
    await server.stop();
  }
  return { rows, inProcessMs: inProcess, seconds };
}

/** The figures as a small table of their own, beside the in-process one. */
export function formatServerBench({ rows, inProcessMs, seconds }) {
  const lines = [`clausecheck serve, POST /v1/check with the seed (${seconds} s per row; latency: wall time from request to answer)`, ""];
  lines.push(`${"clients".padStart(7)}  ${"requests/s".padStart(10)}  ${"p50".padStart(9)}  ${"p99".padStart(9)}  other answers`);
  for (const r of rows) {
    lines.push(`${String(r.connections).padStart(7)}  ${r.rps.toFixed(1).padStart(10)}  ${`${r.p50.toFixed(1)} ms`.padStart(9)}  ${`${r.p99.toFixed(1)} ms`.padStart(9)}  ${r.others.join(", ") || "none"}`);
  }
  lines.push("", `in-process, one thread, parse + check the seed: ${inProcessMs.toFixed(2)} ms (${(1000 / inProcessMs).toFixed(0)} documents/s)`);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatServerBench(await benchServer()));
}
