/**
 * bin/clausecheck, the command a user runs, starts from clausecheck's V8 start-up snapshot
 * (scripts/build-snapshot.mjs) when one was built here from the files as they are, and runs
 * dist/cli.js otherwise. Either way the results must be the same, byte for byte.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, repoRoot, runCli } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const launcher = join(repoRoot, "bin", "clausecheck");
const blob = join(repoRoot, "dist", "clausecheck.blob");
/**
 * The build makes a snapshot when asked (CLAUSECHECK_SNAPSHOT=1 npm run build, on Linux, where
 * the launcher's shell tools are GNU's); these tests run then. Without one, bin/clausecheck runs
 * dist/cli.js, as the last test checks.
 */
const built = process.platform === "linux" && process.env.CLAUSECHECK_SNAPSHOT === "1";

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

/** Whether the launcher chose the snapshot, from its shell trace. */
const usedSnapshot = (stderr: string) => /exec node --snapshot-blob /.test(stderr);

describe.skipIf(!built)("bin/clausecheck with the start-up snapshot", () => {
  it("starts from the snapshot when it was built here and nothing changed since", () => {
    expect(existsSync(blob), "npm run build made no dist/clausecheck.blob: see the warning it printed").toBe(true);
    const r = runLauncher(["--version"], { trace: true });
    expect(r.status).toBe(0);
    expect(usedSnapshot(r.stderr), r.stderr).toBe(true);
    expect(r.stdout).toBe(runCli(["--version"], { plain: true }).stdout);
  });

  it("gives the same output and exit code as node dist/cli.js for every sample, in every format", () => {
    // Each reader (text, Word, HTML, an EDGAR submission) and a gap of each kind, in turn in each format.
    const samples = ["valence-ridgeway-1999.txt", "valence-law-delaware.txt", "valence-s3-negated.txt", "valence-ridgeway-1999.docx", "valence-ridgeway-1999.htm", "valence-edgar-submission.txt"];
    const formats = ["text", "json", "sarif", "markdown", "junit", "html"];
    for (const [i, s] of samples.entries()) {
      for (const format of [formats[i % formats.length], formats[(i + 3) % formats.length]] as string[]) {
        const args = ["check", `samples/${s}`, "--format", format];
        const a = runLauncher(args);
        const b = runCli(args, { plain: true });
        expect([a.status, a.stderr], `${format} ${s}`).toEqual([b.status, b.stderr]);
        expect(a.stdout, `${format} ${s}`).toBe(b.stdout);
      }
    }
  }, 120_000);

  it("gives the same output for parse, explain, rules test, a batch with workers, and a bad input", () => {
    const cases = [
      ["parse", "samples/valence-ridgeway-1999.txt"],
      ["explain", "--rule", "governing-law", "samples/valence-law-forum-only.txt"],
      ["rules", "test"],
      ["check", "--jobs", "2", "--format", "json", "samples/"],
      ["check", "samples/no-such-file.txt"],
    ];
    for (const args of cases) {
      const a = runLauncher(args);
      const b = runCli(args, { plain: true });
      expect([a.status, a.stdout, a.stderr], args.join(" ")).toEqual([b.status, b.stdout, b.stderr]);
    }
  }, 120_000);

  it("decides colours when it runs, not when the snapshot was built", () => {
    const coloured = runLauncher(["check", "samples/valence-ridgeway-1999.txt"], { env: { FORCE_COLOR: "1", NO_COLOR: undefined } });
    expect(coloured.stdout).toContain("\u001b[");
    const plain = runLauncher(["check", "samples/valence-ridgeway-1999.txt"]);
    expect(plain.stdout).not.toContain("\u001b[");
  });

  it("runs dist/cli.js when asked to (CLAUSECHECK_SNAPSHOT=0)", () => {
    const r = runLauncher(["--version"], { trace: true, env: { CLAUSECHECK_SNAPSHOT: "0" } });
    expect(r.status).toBe(0);
    expect(usedSnapshot(r.stderr)).toBe(false);
  });
});

describe.skipIf(!built)("bin/clausecheck in a copy of the package", () => {
  let root: string;
  beforeAll(() => {
    // A copy with its own snapshot, built by the build script, so its files can be changed.
    root = makeTmpDir("snapshot");
    for (const d of ["bin", "dist", "rules", "vocabularies", "schemas", "samples", "scripts"]) cpSync(join(repoRoot, d), join(root, d), { recursive: true, preserveTimestamps: true });
    cpSync(join(repoRoot, "package.json"), join(root, "package.json"));
    symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
    const r = spawnSync(process.execPath, ["scripts/build-snapshot.mjs"], { cwd: root, encoding: "utf8" });
    expect(r.stdout, r.stderr).toContain("start-up snapshot: dist/clausecheck.blob");
  }, 120_000);
  afterAll(() => removeTmpDir(root));

  it("does not use a snapshot built in another folder", () => {
    expect(usedSnapshot(runLauncher(["--version"], { root, trace: true }).stderr)).toBe(true);
    // The identity of the repository's snapshot names the folder it was built in, not this one.
    const id = join(root, "dist", "clausecheck.blob.id");
    writeFileSync(id, readFileSync(join(repoRoot, "dist", "clausecheck.blob.id")));
    // Older than the blob, so that only the identity can be what turns the snapshot down.
    const older = new Date(statSync(join(root, "dist", "clausecheck.blob")).mtimeMs - 60_000);
    utimesSync(id, older, older);
    const r = runLauncher(["--version"], { root, trace: true });
    expect(usedSnapshot(r.stderr)).toBe(false);
    expect(r.status).toBe(0);
    // Rebuilt here, it is used again.
    spawnSync(process.execPath, ["scripts/build-snapshot.mjs"], { cwd: root });
    expect(usedSnapshot(runLauncher(["--version"], { root, trace: true }).stderr)).toBe(true);
  }, 60_000);

  it("does not use the snapshot once a rule file changed, and reports what the changed rule says", () => {
    const file = join(root, "rules", "governing-law.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("title: Governing law", "title: Choice of law (edited)"));
    const r = runLauncher(["check", "samples/valence-ridgeway-1999.txt", "--format", "json"], { root, trace: true });
    expect(usedSnapshot(r.stderr)).toBe(false);
    const report = JSON.parse(r.stdout) as { documents: { results: { ruleId: string; title: string }[] }[] };
    expect(report.documents[0]?.results.find((x) => x.ruleId === "governing-law")?.title).toBe("Choice of law (edited)");
  });
});

/** Whether the launcher chose the bundle of clausecheck's modules (dist/bundle/cli.js), from its shell trace. */
const usedBundle = (stderr: string) => /exec node \S*\/dist\/bundle\/cli\.js/.test(stderr);

describe.skipIf(built || process.platform !== "linux")("bin/clausecheck without a snapshot: the bundle", () => {
  it("npm run build made the bundle, and bin/clausecheck runs it", () => {
    expect(existsSync(join(repoRoot, "dist", "bundle", "cli.js")), "npm run build made no dist/bundle/cli.js: see the line it printed").toBe(true);
    const r = runLauncher(["--version"], { trace: true });
    expect(usedSnapshot(r.stderr)).toBe(false);
    expect(usedBundle(r.stderr), r.stderr).toBe(true);
    expect(r.stdout).toBe(runCli(["--version"], { plain: true }).stdout);
  });

  it("gives the same output and exit code as node dist/cli.js: each reader, formats, parse, explain, rules, diff, a batch on worker threads, bad input", () => {
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
      ["rules", "list", "--format", "json"],
      ["diff", "samples/valence-ridgeway-1999.txt", "samples/valence-s3-negated.txt"],
      ["check", "samples/no-such-file.txt"],
      ["queue", "status", "--redis", "redis://127.0.0.1:1"],
    ];
    for (const args of cases) {
      const a = runLauncher(args);
      const b = runCli(args, { plain: true });
      expect([a.status, a.stdout, a.stderr], args.join(" ")).toEqual([b.status, b.stdout, b.stderr]);
    }
  }, 180_000);

  it("runs dist/cli.js once a file of dist/ is newer than the bundle, or when asked to (CLAUSECHECK_BUNDLE=0)", () => {
    expect(usedBundle(runLauncher(["--version"], { trace: true, env: { CLAUSECHECK_BUNDLE: "0" } }).stderr)).toBe(false);
    const root = makeTmpDir("bundle");
    try {
      for (const d of ["bin", "dist", "rules", "vocabularies", "schemas", "samples"]) cpSync(join(repoRoot, d), join(root, d), { recursive: true, preserveTimestamps: true });
      cpSync(join(repoRoot, "package.json"), join(root, "package.json"));
      symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
      // A checkout (it has src/), where tsc alone may rebuild dist/.
      symlinkSync(join(repoRoot, "src"), join(root, "src"));
      // The copy runs its own bundle, from its own folder.
      const copy = runLauncher(["check", "samples/valence-ridgeway-1999.txt"], { root, trace: true });
      expect(copy.stderr).toContain(`exec node ${root}/dist/bundle/cli.js`);
      expect(copy.stdout).toBe(runCli(["check", "samples/valence-ridgeway-1999.txt"], { plain: true }).stdout);
      // A module rebuilt without the bundle (tsc alone): the bundle is out of date and not used.
      const later = new Date(statSync(join(root, "dist", "bundle", "cli.js")).mtimeMs + 60_000);
      utimesSync(join(root, "dist", "check", "check-agreement.js"), later, later);
      const stale = runLauncher(["--version"], { root, trace: true });
      expect(usedBundle(stale.stderr)).toBe(false);
      expect(stale.stderr).toContain(`exec node ${root}/dist/cli.js`);
    } finally {
      removeTmpDir(root);
    }
  }, 60_000);
});
