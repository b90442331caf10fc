/**
 * bin/clausecheck, the command a user runs, starts the bundle of clausecheck's command line with
 * the code V8 compiled for it at build time (dist/bundle/cli.cjs, scripts/build-bundle.mjs) when
 * it is up to date, and dist/cli.js otherwise; the bundle's worker threads run the worker bundle
 * (dist/bundle/worker.cjs) the same way. Either way the results must be the same, byte for
 * byte; a code cache that does not fit the node that runs it (another version, a damaged file)
 * must cost time only, never a different result.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundlePath, cleanEnv, plainCliPath, repoRoot, runCli } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

function runLauncher(args: string[], options: { root?: string; env?: NodeJS.ProcessEnv; trace?: boolean } = {}) {
  const bin = join(options.root ?? repoRoot, "bin", "clausecheck");
  const r = spawnSync("sh", [...(options.trace ? ["-x"] : []), bin, ...args], {
    cwd: repoRoot,
    env: Object.fromEntries(Object.entries({ ...cleanEnv(), ...options.env }).filter(([, v]) => v !== undefined)),
    encoding: "utf8",
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command from the repository root with the tests' clean environment, without holding this thread. */
function runAsync(command: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Whether the launcher chose the bundle (dist/bundle/cli.cjs), from its shell trace. */
const usedBundle = (stderr: string) => /exec node \S*\/dist\/bundle\/cli\.cjs/.test(stderr);

/** A copy of the built package (a checkout: it has src/), so its files can be changed. */
function copyOfPackage(name: string): string {
  const root = makeTmpDir(name);
  for (const d of ["bin", "dist", "rules", "vocabularies", "schemas", "samples"]) cpSync(join(repoRoot, d), join(root, d), { recursive: true, preserveTimestamps: true });
  cpSync(join(repoRoot, "package.json"), join(root, "package.json"));
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
  symlinkSync(join(repoRoot, "src"), join(root, "src"));
  return root;
}

describe.skipIf(process.platform !== "linux")("bin/clausecheck runs the bundle", () => {
  it("npm run build made the bundles and their code caches, and bin/clausecheck runs it", () => {
    expect(existsSync(bundlePath), "npm run build made no dist/bundle/cli.cjs: see the line it printed").toBe(true);
    for (const name of ["cli", "worker"]) expect(existsSync(join(repoRoot, "dist", "bundle", `${name}.bundle.cjs.cache`)), `the build wrote no code cache for ${name}: see the line it printed`).toBe(true);
    // bundle-start.cjs reads the bundles as Latin-1, which is right for ASCII only.
    for (const name of ["cli", "worker"]) expect(readFileSync(join(repoRoot, "dist", "bundle", `${name}.bundle.cjs`)).findIndex((b) => b > 0x7f), name).toBe(-1);
    const r = runLauncher(["--version"], { trace: true });
    expect(usedBundle(r.stderr), r.stderr).toBe(true);
    expect(r.stdout).toBe(runCli(["--version"], { plain: true }).stdout);
  });

  it("the code caches the build wrote are ones this node accepts", () => {
    // The bundle compiled as bundle-start.cjs compiles it, given the cache: V8 says whether it took it.
    const probe = [
      'const { readFileSync } = require("node:fs"); const Module = require("node:module"); const vm = require("node:vm");',
      "const file = process.argv[1];",
      "const s = new vm.Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, cachedData: readFileSync(file + '.cache') });",
      "process.stdout.write(String(s.cachedDataRejected));",
    ].join("\n");
    for (const name of ["cli", "worker"]) {
      const r = spawnSync(process.execPath, ["-e", probe, join(repoRoot, "dist", "bundle", `${name}.bundle.cjs`)], { encoding: "utf8", env: cleanEnv() });
      expect(r.stderr).toBe("");
      expect(r.stdout, name).toBe("false");
    }
  });

  it("gives the same output and exit code as node dist/cli.js: each reader, formats, parse, explain, rules, diff, a batch on worker threads, bad input", async () => {
    const cases = [
      ["check", "samples/valence-ridgeway-1999.txt"],
      ["check", "samples/valence-law-delaware.txt", "--format", "sarif"],
      ["check", "samples/valence-ridgeway-1999.docx", "--format", "html"],
      ["check", "samples/valence-ridgeway-1999.htm", "--format", "markdown"],
      ["check", "samples/valence-edgar-submission.txt", "--format", "json"],
      ["check", "--jobs", "2", "--format", "jsonl", "--quiet", "samples/"],
      ["parse", "samples/valence-ridgeway-1999.docx"],
      ["explain", "--rule", "governing-law", "samples/valence-law-forum-only.txt"],
      ["rules", "test"],
      ["rules", "validate"],
      ["rules", "list", "--format", "json"],
      ["diff", "samples/valence-ridgeway-1999.txt", "samples/valence-s3-negated.txt"],
      ["check", "samples/no-such-file.txt"],
      ["queue", "status", "--redis", "redis://127.0.0.1:1"],
    ];
    // The two runs of a case are independent processes: they run at the same time.
    for (const args of cases) {
      const [a, b] = await Promise.all([runAsync("sh", [join(repoRoot, "bin", "clausecheck"), ...args]), runAsync(process.execPath, [plainCliPath, ...args])]);
      expect([a.status, a.stdout, a.stderr], args.join(" ")).toEqual([b.status, b.stdout, b.stderr]);
    }
  }, 180_000);

  it("starts every command but the queue's without NODE_EXTRA_CA_CERTS, and the queue's with it", () => {
    // Node warns on standard error, as it starts, when the file cannot be read: the warning
    // shows whether node was given the variable.
    const env = { NODE_EXTRA_CA_CERTS: join(repoRoot, "no-such-ca-bundle.pem") };
    const warns = (r: { stderr: string }) => /Ignoring extra certs from .*no-such-ca-bundle\.pem/.test(r.stderr);
    const check = runLauncher(["check", "samples/valence-ridgeway-1999.txt"], { env });
    expect(warns(check), check.stderr).toBe(false);
    expect(check.stdout).toBe(runCli(["check", "samples/valence-ridgeway-1999.txt"]).stdout);
    expect(warns(runLauncher(["--no-config", "samples/valence-ridgeway-1999.txt"], { env }))).toBe(false);
    // A rediss:// Redis may need the certificates: the queue's commands keep them.
    for (const args of [["queue", "status", "--redis", "redis://127.0.0.1:1"], ["worker", "--redis", "redis://127.0.0.1:1", "--help"]]) {
      const r = runLauncher(args, { env });
      expect(warns(r), `${args.join(" ")}: ${r.stderr}`).toBe(true);
    }
  });

  it("decides colours when it runs, not when the code cache was written", () => {
    const coloured = runLauncher(["check", "samples/valence-ridgeway-1999.txt"], { env: { FORCE_COLOR: "1", NO_COLOR: undefined } });
    expect(coloured.stdout).toContain("\u001b[");
    const plain = runLauncher(["check", "samples/valence-ridgeway-1999.txt"]);
    expect(plain.stdout).not.toContain("\u001b[");
  });
});

describe.skipIf(process.platform !== "linux")("bin/clausecheck in a copy of the package", () => {
  let root: string;
  let expected: string;
  beforeAll(() => {
    root = copyOfPackage("bundle");
    expected = runCli(["check", "samples/valence-ridgeway-1999.txt"], { plain: true }).stdout;
  }, 60_000);
  afterAll(() => removeTmpDir(root));

  it("runs its own bundle, from its own folder", () => {
    const copy = runLauncher(["check", "samples/valence-ridgeway-1999.txt"], { root, trace: true });
    expect(copy.stderr).toContain(`exec node ${root}/dist/bundle/cli.cjs`);
    expect(copy.stdout).toBe(expected);
  });

  it("gives the same results with damaged code caches, stale ones, or none, on this thread and on worker threads", () => {
    const caches = ["cli", "worker"].map((name) => join(root, "dist", "bundle", `${name}.bundle.cjs.cache`));
    const good = caches.map((c) => readFileSync(c));
    const batch = ["check", "--jobs", "2", "--format", "json", "samples/valence-law-delaware.txt", "samples/valence-s3-negated.txt"];
    const plain = runLauncher(batch, { root, env: { CLAUSECHECK_BUNDLE: "0" } });
    try {
      // Bytes V8 cannot use (a cache from another node looks the same to it): it compiles instead.
      caches.forEach((c, i) => writeFileSync(c, Buffer.from(good[i] as Buffer).reverse()));
      const damaged = runLauncher(["check", "samples/valence-ridgeway-1999.txt"], { root, trace: true });
      expect(usedBundle(damaged.stderr)).toBe(true);
      expect([damaged.status, damaged.stdout]).toEqual([0, expected]);
      const damagedBatch = runLauncher(batch, { root });
      expect([damagedBatch.status, damagedBatch.stdout, damagedBatch.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
      // A cache older than its bundle (bundle-start.cjs then does not offer it to V8): the same output.
      caches.forEach((c, i) => writeFileSync(c, good[i] as Buffer));
      const older = new Date(statSync(join(root, "dist", "bundle", "cli.bundle.cjs")).mtimeMs - 60_000);
      for (const c of caches) utimesSync(c, older, older);
      const stale = runLauncher(batch, { root });
      expect([stale.status, stale.stdout, stale.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
      for (const c of caches) rmSync(c);
      const none = runLauncher(batch, { root });
      expect([none.status, none.stdout, none.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
    } finally {
      caches.forEach((c, i) => writeFileSync(c, good[i] as Buffer));
    }
  });

  it("runs dist/cli.js once a file of dist/ is newer than the bundle, or when asked to (CLAUSECHECK_BUNDLE=0)", () => {
    expect(usedBundle(runLauncher(["--version"], { root, trace: true, env: { CLAUSECHECK_BUNDLE: "0" } }).stderr)).toBe(false);
    // A module rebuilt without the bundle (tsc alone): the bundle is out of date and not used.
    const later = new Date(statSync(join(root, "dist", "bundle", "cli.cjs")).mtimeMs + 60_000);
    utimesSync(join(root, "dist", "check", "check-agreement.js"), later, later);
    const stale = runLauncher(["--version"], { root, trace: true });
    expect(usedBundle(stale.stderr)).toBe(false);
    expect(stale.stderr).toContain(`exec node ${root}/dist/cli.js`);
  });
});
