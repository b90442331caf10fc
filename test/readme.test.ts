/**
 * What the README shows the tool printing is what the tool prints: the first example and the
 * explain example, byte for byte, and the JSON report example's fields, compared with a run of
 * the built CLI on the same sample.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../src/index.js";
import { ensureBuilt, repoRoot, runCli } from "./helpers/cli.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The lines a README code block shows after `$ clausecheck ARGS`, and the arguments. */
function shownRun(command: RegExp): { args: string[]; output: string } {
  const m = new RegExp(`\`\`\`\\n\\$ clausecheck (${command.source})\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!m) throw new Error(`no example of "clausecheck ${command.source}" in the README`);
  return { args: (m[1] as string).split(" "), output: m[2] as string };
}

beforeAll(() => ensureBuilt(), 120_000);

describe("the README's examples are what the tool prints", () => {
  it("the first example: check on the reference agreement", () => {
    const { args, output } = shownRun(/check samples\/valence-ridgeway-1999\.txt/);
    expect(runCli([...args, "--no-config"]).stdout).toBe(output);
  });

  it("the explain example", () => {
    const { args, output } = shownRun(/explain samples\/valence-prospectus-future\.txt --rule prospectus-supplement/);
    expect(runCli([...args, "--no-config"]).stdout).toBe(output);
  });

  describe("the JSON report example", () => {
    const block = /```jsonc\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## The JSON report")))?.[1] ?? "";
    let report: Report;
    beforeAll(() => {
      report = JSON.parse(runCli(["check", "--no-config", "--format", "json", "samples/valence-ridgeway-1999.txt"]).stdout) as Report;
    });
    /** The JSON value the README shows after `"key": ` (first occurrence after `after`). */
    const shown = (key: string, after = ""): unknown => {
      const from = block.indexOf(after);
      const m = new RegExp(`"${key}": ("[^"]*"|\\{[^{}]*\\}|\\d+)`).exec(block.slice(Math.max(0, from)));
      if (!m) throw new Error(`"${key}" is not in the README's JSON example`);
      return JSON.parse(m[1] as string);
    };

    it("is there", () => expect(block).toContain('"reportVersion"'));

    it("the document's file, format and encoding", () => {
      const doc = report.documents[0];
      expect({ file: shown("file", '"documents"'), format: shown("format"), encoding: shown("encoding") }).toEqual({ file: doc?.file, format: doc?.format, encoding: doc?.encoding });
    });

    it("the governing-law result: message, values, statement and statementCue, and its evidence's place", () => {
      const r = report.documents[0]?.results.find((x) => x.ruleId === "governing-law");
      expect({
        message: shown("message", '"ruleId": "governing-law"'),
        values: shown("values", '"ruleId": "governing-law"'),
        statement: shown("statement", '"ruleId": "governing-law"'),
        statementCue: shown("statementCue"),
        line: shown("line", '"evidence"'),
        column: shown("column", '"evidence"'),
        offset: shown("offset", '"evidence"'),
        endLine: shown("endLine", '"evidence"'),
        endColumn: shown("endColumn", '"evidence"'),
      }).toEqual({
        message: r?.message,
        values: r?.values,
        statement: r?.statement,
        statementCue: r?.statementCue,
        line: r?.evidence[0]?.line,
        column: r?.evidence[0]?.column,
        offset: r?.evidence[0]?.offset,
        endLine: r?.evidence[0]?.endLine,
        endColumn: r?.evidence[0]?.endColumn,
      });
    });

    it("the summaries, summary.waived included", () => {
      expect(shown("summary", '"results"')).toEqual(report.documents[0]?.summary);
      expect(shown("summary", '"unusedWaivers"')).toEqual(report.summary);
      expect(report.summary).toHaveProperty("waived");
    });

    it("every rule of the run, in its order", () => {
      const ids = [...block.matchAll(/\{ "id": "([\w-]+)"/g)].map((m) => m[1]);
      expect(ids).toEqual(report.rules.map((r) => r.id));
    });
  });
});
