/**
 * Terminal escape injection (issue 14, item 7): control characters in an agreement or in a file
 * name (ESC sequences that clear the screen, move the cursor up and erase a line, set the window
 * title, plant an OSC 8 link; bidi overrides) never reach the reader live. The text and Markdown
 * reports show them visibly (ESC as ␛), a line break in a file name splits no line, table row or
 * heading, and the JSON formats escape them (the data unchanged for a parser).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";
import { visibleText } from "../../src/report/visible-text.js";

/** Clear screen, cursor up + erase line, a fake ✓, an OSC title, an OSC 8 link, a C1 CSI, a bidi override. */
const ATTACK = "\u001b[2J\u001b[1A\u001b[2K\r  ✓ governing-law ok\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u009b2K\u202egnp.txt";
/** Any control a terminal or a bidi renderer acts on, other than line feed and tab. */
const LIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let tmp: string;
let hostileName: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("escapes");
  // The attack inside the governing-law clause, quoted as evidence.
  const seed = readFileSync(join(repoRoot, SEED), "utf8").replace("the legal relations", `the legal ${ATTACK} relations`);
  writeFileSync(join(tmp, "deal.txt"), seed);
  // A document with a gap whose name holds an escape, a line break and a fake table row.
  hostileName = "gap\u001b[2K\n| fake.txt | ✓ |\n### fake\u202e.txt";
  writeFileSync(join(tmp, hostileName), readFileSync(join(repoRoot, "samples/valence-counterparts-missing.txt")));
}, 120_000);
afterAll(() => removeTmpDir(tmp));

function run(args: string[]) {
  return spawnSync(process.execPath, [cliPath, "--no-config", ...args], { cwd: tmp, env: cleanEnv(), encoding: "utf8", timeout: 60_000 });
}

describe("control characters from documents and file names", () => {
  it("visibleText shows ESC, BEL, C1 and bidi controls and keeps line feeds and tabs", () => {
    expect(visibleText("a\u001b[2Kb\u0007\u009b\u202e\n\t")).toBe("a␛[2Kb␇<U+009B><U+202E>\n\t");
  });

  it("text: nothing live reaches the terminal, the attack is shown as ␛, and the gap line stays", () => {
    const r = run(["deal.txt", hostileName, "--no-progress"]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(LIVE);
    expect(r.stderr).not.toMatch(LIVE);
    expect(r.stdout).toContain("␛[2J");
    expect(r.stdout).toContain("<U+202E>");
    // The file name is one line: ␊ in place of its line breaks.
    expect(r.stdout).toContain("gap␛[2K␊| fake.txt | ✓ |␊### fake<U+202E>.txt");
    expect(r.stdout).toMatch(/✗ counterparts/);
    expect(r.stderr).not.toContain(STACK_LINE);
  }, 60_000);

  it("text: an unreadable file whose name holds escapes is reported in one visible line", () => {
    const r = run(["missing\u001b[2K\nfake.txt"]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(LIVE);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("missing␛[2K␊fake.txt");
  });

  it("Markdown: no live controls, and a line break in a file name splits no table row or heading", () => {
    const r = run(["deal.txt", hostileName, "--format", "markdown"]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(LIVE);
    const rows = r.stdout.split("\n").filter((l) => l.startsWith("|"));
    // Header, separator and one row per document: the fake row stays inside the name.
    expect(rows).toHaveLength(4);
    const headings = r.stdout.split("\n").filter((l) => l.startsWith("#"));
    expect(headings.some((h) => h.startsWith("### fake"))).toBe(false);
  }, 60_000);

  it("JSON, JSONL and SARIF: controls escaped, the data unchanged for a parser", () => {
    for (const format of ["json", "sarif"]) {
      const r = run(["deal.txt", hostileName, "--format", format]);
      expect(r.status).toBe(1);
      expect(r.stdout).not.toMatch(LIVE);
      if (format === "json") expect((JSON.parse(r.stdout) as { documents: { file: string }[] }).documents[1]?.file).toBe(hostileName);
    }
    const jsonl = run(["deal.txt", hostileName, "--format", "jsonl"]);
    expect(jsonl.stdout).not.toMatch(LIVE);
    expect((JSON.parse(jsonl.stdout.split("\n")[1] as string) as { file: string }).file).toBe(hostileName);
  }, 90_000);

  it("JUnit and HTML: file names shown visibly", () => {
    for (const format of ["junit", "html"]) {
      const r = run([hostileName, "--format", format]);
      expect(r.status).toBe(1);
      expect(r.stdout).not.toMatch(/\u001b|\u202e/);
    }
  }, 60_000);
});
