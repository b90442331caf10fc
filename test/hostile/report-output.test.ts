/**
 * `--output` in hostile places (issue: attack review, items 2, 3 and 12). Each case spawns the
 * built CLI in a temp folder and checks what is left on disk afterwards:
 *  - the temporary file has a name nobody can plant a link at in advance, is created 0600 and
 *    never through a link;
 *  - a device, FIFO or socket at the path is written into (or refused), never replaced; an input
 *    file, a read-only file and a symbolic link are refused in one line; a replaced report keeps
 *    its mode;
 *  - SIGINT and SIGTERM remove the temporary file and exit 130 and 143.
 * Nothing here may touch a system file even when the writer is broken: devices are made with
 * mknod in the temp folder (as root only), /dev/null itself is used only when not root (who
 * cannot replace it anyway), and standard output is named /proc/self/fd/1, not /dev/stdout.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, constants } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { caseFolder, makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const isRoot = process.getuid?.() === 0;
let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("hostile-output");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A fresh folder holding a copy of the seed as `seed.txt`. */
function caseDir(): string {
  return caseFolder(tmp, { "seed.txt": SEED });
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: cleanEnv(), encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 and exactly one line `clausecheck: FILE: problem` on stderr, no stack trace. */
function expectRefused(r: Run, file: string, says: RegExp): void {
  expect(r.stderr).not.toContain(STACK_LINE);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]?.startsWith(`clausecheck: ${file}: `), lines[0]).toBe(true);
  expect(lines[0]).toMatch(says);
  expect(r.status).toBe(2);
}

const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** Size and modification time, to show a file was not written. */
const fingerprint = (file: string) => {
  const s = lstatSync(file);
  return { bytes: readFileSync(file).toString("base64"), mtime: s.mtimeMs, ino: s.ino, mode: s.mode };
};

/** Resolves once `test` holds, polling; rejects after `ms`. */
async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const t = performance.now();
  while (!test()) {
    if (performance.now() - t > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts the CLI without waiting; `exited` resolves with its exit code and signal. */
function start(args: string[], cwd: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, exited };
}

// ─── Item 2: the temporary file ──────────────────────────────────────────────────────────────────

describe("the temporary file cannot be planted", () => {
  it("a link planted at the name `.<name>.<pid>.tmp` while the run waits on standard input redirects nothing", async () => {
    const dir = caseDir();
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "a file the report must not overwrite\n");
    const before = fingerprint(victim);
    const { child, exited } = start(["check", "--quiet", "--no-config", "--stdin-filename", "in.txt", "-f", "json", "-o", "report.json", "-"], dir);
    // The old name was predictable from the process id alone.
    symlinkSync(victim, join(dir, `.report.json.${child.pid}.tmp`));
    await until(() => temporaries(dir).length === 2, 10_000, "the run's own temporary file");
    const own = temporaries(dir).find((f) => f !== `.report.json.${child.pid}.tmp`) as string;
    expect(own).toMatch(/^\.report\.json\.[0-9a-f]{16}\.tmp$/);
    expect(own).not.toContain(String(child.pid));
    const info = lstatSync(join(dir, own));
    expect(info.isFile(), "a regular file, not a link").toBe(true);
    expect(info.mode & 0o777, "nobody else may read the report while it is written").toBe(0o600);
    child.stdin?.end(readFileSync(join(repoRoot, SEED)));
    const done = await exited;
    expect(done.code, done.stderr).toBe(0);
    expect(fingerprint(victim)).toEqual(before);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).documents[0].file).toBe("in.txt");
    expect(lstatSync(join(dir, "report.json")).isFile()).toBe(true);
    expect(temporaries(dir), "only the planted link is left").toEqual([`.report.json.${child.pid}.tmp`]);
  });
});

// ─── Item 3: what stands at the --output path ────────────────────────────────────────────────────

describe("special files are written into, never replaced", () => {
  it("a FIFO: the reader gets the report, and the FIFO is still a FIFO", async (ctx) => {
    const dir = caseDir();
    const fifo = join(dir, "report.fifo");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.status !== 0) return ctx.skip(); // no mkfifo here
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "ignore"] });
    let got = "";
    reader.stdout.on("data", (c: Buffer) => {
      got += c.toString();
    });
    const readerDone = new Promise<void>((resolve) => reader.on("exit", () => resolve()));
    const { exited } = start(["check", "--quiet", "--no-config", "-f", "json", "-o", "report.fifo", "seed.txt"], dir);
    const done = await exited;
    // A broken writer replaces the FIFO and the reader waits for ever: do not let it.
    const timer = setTimeout(() => reader.kill(), 5_000);
    await readerDone;
    clearTimeout(timer);
    expect(done.code, done.stderr).toBe(0);
    expect(lstatSync(fifo).isFIFO(), "the FIFO was not replaced").toBe(true);
    expect(JSON.parse(got).documents[0].file).toBe("seed.txt");
    expect(temporaries(dir)).toEqual([]);
  });

  it("a character device (a /dev/null made with mknod here as root; /dev/null itself otherwise)", (ctx) => {
    const dir = caseDir();
    let device = "/dev/null";
    if (isRoot) {
      device = join(dir, "null");
      const made = spawnSync("mknod", [device, "c", "1", "3"]);
      if (made.status !== 0) return ctx.skip(); // no CAP_MKNOD in this container
      try {
        closeSync(openSync(device, constants.O_WRONLY));
      } catch {
        return ctx.skip(); // a nodev mount
      }
    }
    const before = statSync(device);
    expect(before.isCharacterDevice()).toBe(true);
    const r = run(["check", "--quiet", "--no-config", "-f", "json", "-o", device, "seed.txt"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const after = lstatSync(device);
    expect(after.isCharacterDevice(), "still the device").toBe(true);
    expect([after.ino, after.rdev]).toEqual([before.ino, before.rdev]);
    expect(temporaries(dir)).toEqual([]);
  });

  it("a socket cannot be opened: refused in one line, and left a socket", async () => {
    const dir = caseDir();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, "report.sock"), resolve));
    try {
      const r = run(["check", "--quiet", "--no-config", "-f", "json", "-o", "report.sock", "seed.txt"], dir);
      expectRefused(r, "report.sock", /cannot write the report/);
      expect(lstatSync(join(dir, "report.sock")).isSocket()).toBe(true);
      expect(temporaries(dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // /proc/self/fd/1 is what /dev/stdout links to; named directly, a broken writer cannot harm
  // anything even as root (no file can be created in /proc), where -o /dev/stdout once replaced
  // the /dev/stdout link with a regular file.
  it.skipIf(!existsSync("/proc/self/fd"))("-o /proc/self/fd/1 (a link to the process's own output, here a socket) writes to standard output", () => {
    const dir = caseDir();
    const r = run(["check", "--quiet", "--no-config", "-f", "json", "-o", "/proc/self/fd/1", "seed.txt"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).documents[0].file).toBe("seed.txt");
  });
});

describe("what --output refuses, before anything is checked", () => {
  it.each([
    ["the input itself", "seed.txt", (_dir: string) => undefined],
    ["the input by another spelling", "./sub/../seed.txt", (dir: string) => mkdirSync(join(dir, "sub"))],
    ["a hard link to the input", "same.txt", (dir: string) => linkSync(join(dir, "seed.txt"), join(dir, "same.txt"))],
  ])("%s: exit 2, one line, the input untouched", (_name, output, prepare) => {
    const dir = caseDir();
    prepare(dir);
    const before = fingerprint(join(dir, "seed.txt"));
    const r = run(["check", "--quiet", "--no-config", "-o", output, "seed.txt"], dir);
    expectRefused(r, output, /is also an input of this run/);
    expect(fingerprint(join(dir, "seed.txt"))).toEqual(before);
    expect(temporaries(dir)).toEqual([]);
  });

  it("parse -o onto its own input is refused too", () => {
    const dir = caseDir();
    const before = fingerprint(join(dir, "seed.txt"));
    const r = run(["parse", "--quiet", "-o", "seed.txt", "seed.txt"], dir);
    expectRefused(r, "seed.txt", /is also an input of this run/);
    expect(fingerprint(join(dir, "seed.txt"))).toEqual(before);
  });

  it("a read-only report file is an error, not replaced (as root too)", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "report.json"), "an earlier report\n");
    chmodSync(join(dir, "report.json"), 0o444);
    const before = fingerprint(join(dir, "report.json"));
    const r = run(["check", "--quiet", "--no-config", "-o", "report.json", "seed.txt"], dir);
    expectRefused(r, "report.json", /is read-only/);
    expect(fingerprint(join(dir, "report.json"))).toEqual(before);
    expect(temporaries(dir)).toEqual([]);
  });

  it("a symbolic link to a file is refused: neither the link nor its target changes", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "elsewhere.json"), "someone else's file\n");
    symlinkSync("elsewhere.json", join(dir, "report.json"));
    const target = fingerprint(join(dir, "elsewhere.json"));
    const r = run(["check", "--quiet", "--no-config", "-o", "report.json", "seed.txt"], dir);
    expectRefused(r, "report.json", /is a symbolic link/);
    expect(fingerprint(join(dir, "elsewhere.json"))).toEqual(target);
    expect(lstatSync(join(dir, "report.json")).isSymbolicLink()).toBe(true);
    expect(temporaries(dir)).toEqual([]);
  });

  it("a dangling symbolic link is refused, and its target is not created", () => {
    const dir = caseDir();
    symlinkSync(join(dir, "created-through-the-link.json"), join(dir, "report.json"));
    const r = run(["check", "--quiet", "--no-config", "-o", "report.json", "seed.txt"], dir);
    expectRefused(r, "report.json", /is a symbolic link to nothing/);
    expect(readdirSync(dir).sort()).toEqual(["report.json", "seed.txt"]);
  });

  it("an input that is a link loop does not stop the check against inputs: it is reported, the report written", () => {
    const dir = caseDir();
    symlinkSync("b.txt", join(dir, "a.txt"));
    symlinkSync("a.txt", join(dir, "b.txt"));
    writeFileSync(join(dir, "report.json"), "an earlier report\n");
    const r = run(["check", "--quiet", "--no-config", "-o", "report.json", "a.txt", "seed.txt"], dir);
    expectRefused(r, "a.txt", /link/);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).errors[0].file).toBe("a.txt");
  });

  it("a directory is refused", () => {
    const dir = caseDir();
    mkdirSync(join(dir, "reports"));
    expectRefused(run(["check", "--quiet", "--no-config", "-o", "reports", "seed.txt"], dir), "reports", /is a directory/);
  });
});

describe("a replaced report keeps its mode; a new one is 0600", () => {
  it.each([
    ["0600", 0o600],
    ["0640", 0o640],
    ["0644", 0o644],
  ])("an HTML report over a file of mode %s keeps that mode", (_name, mode) => {
    const dir = caseDir();
    writeFileSync(join(dir, "report.html"), "an earlier report\n");
    chmodSync(join(dir, "report.html"), mode);
    const r = run(["check", "--quiet", "--no-config", "-o", "report.html", "seed.txt"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("<html");
    expect(statSync(join(dir, "report.html")).mode & 0o777).toBe(mode);
  });

  it("a new report is readable by its owner only (it can hold the whole agreement)", () => {
    const dir = caseDir();
    const r = run(["check", "--quiet", "--no-config", "-o", "report.html", "seed.txt"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(dir, "report.html")).mode & 0o777).toBe(0o600);
  });
});

// ─── Item 12: signals ────────────────────────────────────────────────────────────────────────────

describe("an interrupted run leaves no temporary file and the earlier report as it was", () => {
  it("SIGINT in the middle of a --format jsonl batch: exit 130", async () => {
    const dir = caseDir();
    mkdirSync(join(dir, "batch"));
    for (let i = 0; i < 200; i++) copyFileSync(join(dir, "seed.txt"), join(dir, "batch", `deal-${String(i).padStart(3, "0")}.txt`));
    writeFileSync(join(dir, "out.jsonl"), "an earlier report\n");
    const before = fingerprint(join(dir, "out.jsonl"));
    const { child, exited } = start(["check", "--quiet", "--no-config", "-f", "jsonl", "-o", "out.jsonl", "batch"], dir);
    // Mid-run: some documents' lines are already in the temporary file.
    await until(() => temporaries(dir).some((f) => statSync(join(dir, f)).size > 0), 20_000, "the first lines of the report");
    child.kill("SIGINT");
    const done = await exited;
    expect([done.code, done.signal], done.stderr).toEqual([130, null]);
    expect(temporaries(dir)).toEqual([]);
    expect(fingerprint(join(dir, "out.jsonl"))).toEqual(before);
  }, 40_000);

  it("a signal that comes while the temporary file is being created still removes it", () => {
    // The window: the file is on disk (created on libuv's thread pool) but the code that
    // records it as this process's has not run yet. The script lets the event loop run until a
    // file-system request is under way, then holds its thread (so no callback can run) until the
    // temporary file appears, and does what the CLI's signal handler does; a request that was
    // not the temporary file's (the checks of the path before it) is let go after 200 ms.
    const dir = caseDir();
    writeFileSync(join(dir, "report.json"), "an earlier report\n");
    const before = fingerprint(join(dir, "report.json"));
    const script = [
      `import { readdirSync } from "node:fs";`,
      `import { discardUnfinishedReportsAndExit, openReportSink } from ${JSON.stringify(join(repoRoot, "dist", "batch", "report-sink.js"))};`,
      `const tmp = () => readdirSync(".").some((f) => f.endsWith(".tmp"));`,
      `let opened = false;`,
      `openReportSink("report.json").then(() => { opened = true; });`,
      `while (!opened) {`,
      `  await new Promise((r) => setImmediate(r));`,
      `  if (!process.getActiveResourcesInfo().includes("FSReqPromise")) continue;`,
      `  const start = Date.now();`,
      `  while (!tmp() && Date.now() - start < 200);`,
      `  if (tmp()) discardUnfinishedReportsAndExit(143);`,
      `}`,
      `console.error("the window was never seen");`,
      `process.exit(3);`,
    ].join("\n");
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, env: cleanEnv(), encoding: "utf8", timeout: 30_000 });
    expect([r.status, r.stderr]).toEqual([143, ""]);
    expect(temporaries(dir)).toEqual([]);
    expect(fingerprint(join(dir, "report.json"))).toEqual(before);
  });

  it("SIGTERM while waiting on a slow standard input: exit 143", async () => {
    const dir = caseDir();
    writeFileSync(join(dir, "report.json"), "an earlier report\n");
    const before = fingerprint(join(dir, "report.json"));
    const { child, exited } = start(["check", "--quiet", "--no-config", "--stdin-filename", "in.txt", "-o", "report.json", "-"], dir);
    child.stdin?.write("THIS AGREEMENT is made as of ");
    await until(() => temporaries(dir).length === 1, 10_000, "the temporary file");
    child.kill("SIGTERM");
    const done = await exited;
    expect([done.code, done.signal], done.stderr).toEqual([143, null]);
    expect(temporaries(dir)).toEqual([]);
    expect(fingerprint(join(dir, "report.json"))).toEqual(before);
  });
});
