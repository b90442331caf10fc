/**
 * clausecheck installed outside its checkout, as the README tells a lawyer or a pipeline to do:
 * `npm pack` the built package, install the tarball into an empty folder, and run the installed
 * bin there. Proves the package holds everything a run needs (dist, rules, vocabularies,
 * schemas) and nothing resolves back into the checkout.
 *
 * The install is offline when npm's cache can resolve every dependency (`npm ci` fills it with
 * the tarballs, not always with the registry's metadata); otherwise it falls back to
 * `--prefer-offline`, which asks the registry only for what the cache lacks.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../src/index.js";
import { ensureBuilt, repoRoot } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * The environment for npm: without the npm_* variables an enclosing `npm test` sets (its
 * package, its prefix, its lifecycle), which must not leak into an install elsewhere; npm's
 * cache, registry and user config are kept.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith("npm_") || keep.has(k.toLowerCase())) env[k] = v;
  env.npm_config_update_notifier = "false";
  return env;
}

function run(command: string, args: string[], cwd: string, timeout = 240_000): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, env: npmEnv(), encoding: "utf8", timeout });
  if (r.error) throw r.error;
  return r;
}

let tmp: string;
let project: string;
let install: SpawnSyncReturns<string>;

beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("install");
  const packDir = join(tmp, "pack");
  mkdirSync(packDir);
  // --ignore-scripts: pack the built dist/ as it is, without rebuilding it under other tests' feet.
  const pack = run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], repoRoot);
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = join(packDir, (JSON.parse(pack.stdout) as { filename: string }[])[0]?.filename ?? "missing.tgz");
  project = join(tmp, "firm");
  mkdirSync(project);
  install = run(npm, ["install", "--offline", "--no-audit", "--no-fund", tarball], project);
  if (install.status !== 0) install = run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
}, 600_000);
afterAll(() => removeTmpDir(tmp));

describe("installed from a packed tarball into an empty folder", () => {
  it("installs, with the bin in node_modules/.bin", () => {
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(join(project, "node_modules", ".bin", "clausecheck"))).toBe(true);
  });

  it("holds what a run needs and not the sources or the tests", () => {
    const pkg = join(project, "node_modules", "clausecheck");
    expect(readdirSync(pkg).sort()).toEqual(["README.md", "bin", "dist", "package.json", "rules", "schemas", "vocabularies", "web"]);
    // tsc's record of the last build (tsconfig.build.json) stays in the checkout.
    expect(existsSync(join(pkg, "dist", ".tsbuildinfo"))).toBe(false);
    expect(existsSync(join(pkg, "dist", "cli.js"))).toBe(true);
  });

  it("the installed bin checks an agreement in that folder with the installed rules", () => {
    copyFileSync(join(repoRoot, "samples", "valence-s3-form-s1.txt"), join(project, "deal.txt"));
    const bin = join(project, "node_modules", ".bin", "clausecheck");
    const r = spawnSync(bin, ["check", "--format", "json", "deal.txt"], { cwd: project, env: npmEnv(), encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.documents.map((d) => d.file)).toEqual(["deal.txt"]);
    const s3 = report.documents[0]?.results.find((x) => x.ruleId === "s3-registration");
    expect(s3).toMatchObject({ status: "gap", reason: "deviating", actual: "S-1" });
    expect(report.documents[0]?.results.filter((x) => x.status === "pass")).toHaveLength(4);
    // The rules came from the installed package, not from the checkout.
    const installedRules = realpathSync(join(project, "node_modules", "clausecheck", "rules"));
    for (const rule of report.rules) expect(realpathSync(join(project, rule.file)).startsWith(installedRules), rule.file).toBe(true);
    // The command ran the installed package's bundle (scripts/build-bundle.mjs), which found
    // the npm packages it leaves outside (here mammoth, for a Word file) in this project's node_modules.
    const trace = spawnSync("sh", ["-x", bin, "--version"], { cwd: project, env: npmEnv(), encoding: "utf8", timeout: 60_000 });
    expect(trace.stderr).toContain(`exec node ${realpathSync(join(project, "node_modules", "clausecheck"))}/dist/bundle/cli.cjs`);
    copyFileSync(join(repoRoot, "samples", "valence-ridgeway-1999.docx"), join(project, "deal.docx"));
    const word = spawnSync(bin, ["check", "--format", "json", "deal.docx"], { cwd: project, env: npmEnv(), encoding: "utf8", timeout: 60_000 });
    expect(word.stderr).toBe("");
    expect(word.status).toBe(0);
    expect((JSON.parse(word.stdout) as Report).documents[0]?.results.every((x) => x.status === "pass")).toBe(true);
  });
});
