// Where the CLI's cold start goes: `node bench/profile-startup.mjs [runs]` (after a build).
//
// Runs `node --cpu-prof dist/bundle/cli.cjs samples/valence-ridgeway-1999.txt` (what bin/clausecheck
// runs; PROFILE_ENTRY=dist/cli.js for the unbundled modules) `runs` times (default 5, or
// PROFILE_RUNS; PROFILE_ARGS='["…"]' for other arguments), sums the samples of all the
// profiles and prints, per run: (1) self time per origin (each node_modules package,
// clausecheck's own dist/ folders, Node's module loader and other internals, and samples with
// no script: "(program)", "(garbage collector)"); (2) the same with the Node internals a
// package's or dist/'s code called (compiling and loading the files it imports) counted for it,
// which is the nearest a sampling profile gets to "time to import package X"; (3) the functions
// with the most self time. Profiles go to a temporary folder, removed afterwards.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[2] ?? process.env.PROFILE_RUNS ?? 5) || 5;
const interval = Number(process.env.PROFILE_INTERVAL_US ?? 100) || 100;
const args = process.env.PROFILE_ARGS ? JSON.parse(process.env.PROFILE_ARGS) : ["samples/valence-ridgeway-1999.txt"];
const entry = process.env.PROFILE_ENTRY ?? join("dist", "bundle", "cli.cjs");
const dir = mkdtempSync(join(tmpdir(), "clausecheck-prof-"));
try {
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${interval}`, join(root, entry), ...args], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI exited ${r.status}`);
  }
  const selfByFn = new Map();
  const selfByOrigin = new Map();
  const byOwner = new Map();
  let totalUs = 0;
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const origin = (url) => {
    if (!url) return "(no script: program, GC, idle)";
    const nm = url.lastIndexOf("node_modules/");
    if (nm >= 0) {
      const rest = url.slice(nm + "node_modules/".length).split("/");
      return `npm ${rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
    }
    if (url.startsWith("node:")) return url.startsWith("node:internal/modules") ? "node: module loader" : "node: other internals";
    if (url.includes("/dist/")) return `clausecheck ${url.slice(url.indexOf("/dist/") + 1).split("/").slice(0, 2).join("/")}`;
    return url;
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".cpuprofile"))) {
    const p = JSON.parse(readFileSync(join(dir, name), "utf8"));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
    /** The innermost frame of a package or of dist/ on the stack of node `n` (node internals it called, such as compiling a required file, count for it). */
    const owner = (n) => {
      for (let x = n; x; x = parent.get(x.id)) {
        const o = origin(x.callFrame.url);
        if (o.startsWith("npm ") || o.startsWith("clausecheck ")) return o;
      }
      return origin(n.callFrame.url);
    };
    // Time per sample: the deltas (µs) between consecutive samples.
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? interval;
      const n = byId.get(id);
      const f = n.callFrame;
      totalUs += dt;
      const short = f.url ? f.url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, "$1/") : "";
      add(selfByFn, `${f.functionName || "(anonymous)"}  ${short}${f.url ? `:${f.lineNumber + 1}` : ""}`, dt);
      add(selfByOrigin, origin(f.url), dt);
      add(byOwner, owner(n), dt);
    });
  }
  const ms = (us) => `${(us / 1000 / runs).toFixed(1)} ms`.padStart(9);
  const pct = (us) => `${((100 * us) / totalUs).toFixed(1)}%`.padStart(6);
  console.log(`CPU profile of node ${entry} ${args.join(" ")}: ${runs} runs, ${interval} µs sampling, ${ms(totalUs).trim()} profiled per run\n`);
  console.log("self time per origin (per run):");
  for (const [k, v] of [...selfByOrigin].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
  console.log("\nself time plus the Node internals it called (loading, compiling the files it imports), per origin (per run):");
  for (const [k, v] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
  console.log("\ntop self time, functions (per run):");
  for (const [k, v] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms(v)} ${pct(v)}  ${k}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
