/**
 * `clausecheck serve` run as a user runs it: the built CLI in a child process on a free port
 * (`--port 0`), its URL read from the first line of standard output; stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cleanEnv, cliPath, repoRoot } from "./cli.js";

/** A server started for a test. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  child: ChildProcess;
  /** What the server wrote on standard error so far. */
  stderr(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `clausecheck serve --port 0 …args` from the repository root (or `cwd`). */
export function startServer(args: string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [cliPath, "serve", "--port", "0", ...args], { cwd: options.cwd ?? repoRoot, env: { ...cleanEnv(), ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not print its URL within 30 s; stderr: ${stderr}`));
    }, 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      const line = /^(http:\/\/\S+?)\/?\n/.exec(stdout);
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: line[1] as string,
        child,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before printing its URL; stderr: ${stderr}`));
    });
  });
}

/** A multipart body of files (name → bytes), in the order given, under one field or each under its own. */
export function formOf(parts: { field: string; name?: string; bytes?: Uint8Array | string; type?: string; value?: string }[]): FormData {
  const form = new FormData();
  for (const p of parts) {
    if (p.value !== undefined) form.append(p.field, p.value);
    else form.append(p.field, new Blob([p.bytes ?? ""], { type: p.type ?? "text/plain" }), p.name ?? "document.txt");
  }
  return form;
}
