/**
 * Runs the built CLI as a user would: a separate Node process started from the repository root,
 * with colours off so output can be compared as plain text. The CLI is what bin/clausecheck
 * runs: the bundle of clausecheck's command line (dist/bundle/cli.cjs, scripts/build-bundle.mjs)
 * when the build made one, else dist/cli.js; test/launcher.test.ts checks that both say the same.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (where package.json is). */
export const repoRoot: string = fileURLToPath(new URL("../..", import.meta.url));

/** The built CLI as tsc writes it, one module per file. */
export const plainCliPath: string = join(repoRoot, "dist", "cli.js");
/** The start-up file of the bundle, which runs it with its code cache. */
export const bundlePath: string = join(repoRoot, "dist", "bundle", "cli.cjs");

/** The built CLI as bin/clausecheck runs it: the bundle when there is one (CLAUSECHECK_BUNDLE=0: dist/cli.js). */
export const cliPath: string = process.env.CLAUSECHECK_BUNDLE !== "0" && existsSync(bundlePath) ? bundlePath : plainCliPath;

/** The seed agreement, relative to the repository root, as a user would type it. */
export const SEED = "samples/valence-ridgeway-1999.txt";

/** Builds dist/ with `tsc -p tsconfig.build.json` when dist/cli.js is missing (`npm test` builds first anyway). */
export function ensureBuilt(): void {
  if (existsSync(plainCliPath)) return;
  execFileSync(process.platform === "win32" ? "npx.cmd" : "npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, stdio: "pipe" });
}

/** What one CLI run produced. */
export interface CliRun {
  /** Exit code; null only if the process was killed. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * An environment without colour switches or the debug switch that prints stack traces, and
 * without NODE_EXTRA_CA_CERTS: Node 20 reads and parses that certificate file as it starts,
 * before any of clausecheck runs (45 ms of a 60 ms `node -e 0` on the machine this was measured
 * on, where it names the system's 200 KB bundle), and no process these tests start makes a TLS
 * connection (their Redis is redis://, their server plain HTTP on localhost).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  delete env.CLAUSECHECK_DEBUG;
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Runs `clausecheck ...args` from the repository root and waits for it (20 s at most, or `timeout` ms); `input` is given on standard input. */
export function runCli(args: string[], options: { cwd?: string; input?: string | Uint8Array; timeout?: number; /** dist/cli.js, not the bundle. */ plain?: boolean } = {}): CliRun {
  const r = spawnSync(process.execPath, [options.plain ? plainCliPath : cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: cleanEnv(),
    encoding: "utf8",
    timeout: options.timeout ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Removes ANSI colour codes, in case a terminal setting slipped through. */
export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}

/** The non-empty lines of a stream's output. */
export function linesOf(s: string): string[] {
  return s.split(/\r?\n/).filter((l) => l.trim() !== "");
}

/** A line of a Node stack trace, which must never reach a user. */
export const STACK_LINE = "    at ";
