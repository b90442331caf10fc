/**
 * YAML mistakes as a lawyer makes them, and what clausecheck tells them: one problem (the first),
 * at the line and column to change, in words saying what to type, not the parser's own. Each
 * case breaks a small rule-like file in one place; the expected place is computed from the text.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYaml } from "../src/yaml-file.js";
import { repoRoot } from "./helpers/cli.js";

const RULE = `id: example
title: Example
clause:
  find:
    - '*file* ... prospectus supplement'
    - prospectus supplement
  capture:
    filed:
      flag: file
      definitions: false
require:
  statement: done
  values:
    - value: filed
      equals: true
      message: >
        {where} mentions a prospectus supplement.
messages:
  pass: Filed.
  missing: Not filed.
`;

/** Line and column (from 1) of the first `needle` in `text`, at or after the first `from`. */
function where(text: string, needle: string, from = ""): { line: number; column: number } {
  const at = text.indexOf(needle, Math.max(0, text.indexOf(from)));
  if (at < 0 || text.indexOf(from) < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}

/** RULE with one edit, failing loudly when the edit does not apply. */
function broken(edit: (t: string) => string): string {
  const text = edit(RULE);
  if (text === RULE) throw new Error("the edit did not apply");
  return text;
}

/** The one problem parseYaml reports for `text`. */
function onlyProblem(text: string) {
  const { problems, data } = parseYaml(text, "example.yaml", "RULE_SYNTAX");
  expect(data).toBeUndefined();
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return problems[0] as (typeof problems)[number];
}

describe("the unbroken example", () => {
  it("parses without a problem", () => {
    expect(parseYaml(RULE, "example.yaml", "RULE_SYNTAX").problems).toEqual([]);
  });
});

describe("indentation", () => {
  it("a key indented 3 spaces among keys indented 2: says which line, and to indent it 2 spaces like find:", () => {
    const text = broken((t) => t.replace("  capture:", "   capture:"));
    const p = onlyProblem(text);
    expect(p).toMatchObject({ ...where(text, "capture:"), code: "RULE_SYNTAX" });
    expect(p.message).toBe(`line ${where(text, "capture:").line} is indented 3 spaces, but the lines it belongs with are indented 2 (line 4: "find:"): indent it 2 spaces`);
  });

  it("a key indented more than the key above it, which holds a value: indent it like that key", () => {
    const text = broken((t) => t.replace("      definitions: false", "        definitions: false"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "definitions: false"));
    expect(p.message).toMatch(/^line 10 is indented 8 spaces, .*\(line 9: "flag: file"\): indent it 6 spaces$/);
  });

  it("a list item one space to the right of the others: indent it like them", () => {
    const text = broken((t) => t.replace("    - prospectus supplement", "     - prospectus supplement"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "- prospectus supplement"));
    expect(p.message).toMatch(/^line 6 is indented 5 spaces, .*: indent it 4 spaces$/);
  });

  it("a line after a folded text (>) that lines up with nothing: says so, not that the text is wrong", () => {
    const text = broken((t) => t.replace("messages:\n", " messages:\n"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "messages:"));
    expect(p.message).toMatch(/^line 18 is indented 1 space, .*remove its indentation$/);
  });

  it("a line of a folded text (>) indented less than the text's first line: indent it like the text", () => {
    const text = broken((t) => t.replace("      message: >\n        {where} mentions a prospectus supplement.\n", "      message: >\n        {where} mentions\n        a prospectus\n       supplement.\n"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "supplement.", "a prospectus"));
    expect(p.message).toBe('line 19 is indented 7 spaces, but the text it continues is indented 8 (line 17: "{where} mentions"): indent it 8 spaces');
  });

  it("a folded text whose first line alone is indented more than the rest: that first line is the one to indent", () => {
    const text = broken((t) => t.replace("      message: >\n        {where} mentions a prospectus supplement.\n", "      message: >\n         {where} mentions\n        a prospectus\n        supplement.\n"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "{where} mentions"));
    expect(p.message).toBe('line 17 is indented 9 spaces, but the rest of its text is indented 8 (line 18: "a prospectus"): indent it 8 spaces');
  });

  it("a key of a list item not lined up with the key after the dash: offers both lines", () => {
    const text = broken((t) => t.replace("      equals: true", "       equals: true"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "equals: true"));
    expect(p.message).toBe("line 15 is indented 7 spaces, but the key after the dash on line 14 stands at 6: indent line 15 by 6 spaces, or line 14 by 5 spaces");
  });

  it("a tab used to indent: names the tab", () => {
    const text = broken((t) => t.replace("    - prospectus supplement", "\t- prospectus supplement"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "\t"));
    expect(p.message).toBe("line 6 is indented with a tab; YAML needs spaces: replace the tab with spaces");
  });
});

describe("quotes", () => {
  it("curly quotes typed as YAML quotes around a text with ': ' in it: names them and gives the straight version", () => {
    const text = broken((t) => t.replace("title: Example", "title: “Example: a title”"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "“"));
    expect(p.message).toBe("“ and ” are curly (typographic) quotes, which YAML does not read as quotes: type straight ones instead, 'Example: a title'");
  });

  it("curly single quotes around a pattern, which YAML would take as part of it", () => {
    const text = broken((t) => t.replace("    - prospectus supplement", "    - ‘*file* prospectus supplement’"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "‘"));
    expect(p.message).toContain("‘ and ’ are curly (typographic) quotes");
    expect(p.message).toContain("'*file* prospectus supplement'");
  });

  it("curly quotes that are part of a text are left alone", () => {
    for (const text of [
      RULE.replace("title: Example", "title: “Trading Market” means the Nasdaq Capital Market"),
      RULE.replace("title: Example", "title: 'the “Shares”'"),
      RULE.replace("{where} mentions a prospectus supplement.", "“The Company has filed a prospectus supplement.”"),
    ]) {
      expect(parseYaml(text, "example.yaml", "RULE_SYNTAX").problems).toEqual([]);
    }
  });

  it("an unclosed single quote: points at the quote that opens the value, not at the end of the file", () => {
    const text = broken((t) => t.replace("    - prospectus supplement", "    - 'prospectus supplement"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "'prospectus supplement"));
    expect(p.message).toBe("the ' that starts this value is never closed: end the value with ' on this line");
  });

  it("an apostrophe inside single quotes: says to type it twice", () => {
    const text = broken((t) => t.replace("'*file* ... prospectus supplement'", "'*file* ... the Company's prospectus supplement'"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "'s prospectus"));
    expect(p.message).toContain("type it twice ('')");
  });

  it("text after a closing quote", () => {
    const text = broken((t) => t.replace("title: Example", 'title: "Example" of a title'));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "of a title"));
    expect(p.message).toBe('this text stands after the " that closes the value: put the whole value inside the quotes');
  });

  it("a backslash inside double quotes (a regular expression's \\s): says to use single quotes", () => {
    const text = broken((t) => t.replace("    - prospectus supplement", '    - regex: "prospectus\\s+supplement"'));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "\\s"));
    expect(p.message).toMatch(/^inside double quotes, \\s is read as an escape sequence, .*single quotes/);
  });
});

describe("values YAML reads otherwise", () => {
  it.each([
    ["*", "*file* ... prospectus supplement"],
    ["[", "[the] prospectus supplement"],
    ["{", "{exchange} listing"],
  ])("a pattern starting with %s: says to put it in single quotes", (first, pattern) => {
    const text = broken((t) => t.replace("    - prospectus supplement", `    - ${pattern}`));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, pattern, `- ${pattern}`));
    expect(p.message).toBe(`a value that starts with ${first} must be put in single quotes: '${pattern}'`);
  });

  it("a list never closed with ]: points at the [, not at the next line", () => {
    const text = broken((t) => t.replace("title: Example", "title: [Example"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "[Example"));
    expect(p.message).toContain("never closed with ]");
  });

  it('a title with ": " in it: says to quote it, showing how', () => {
    const text = broken((t) => t.replace("title: Example", "title: Governing law: choice of law"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "Governing law"));
    expect(p.message).toBe(`the value holds ": ", which YAML reads as the start of another key: put the whole value in single quotes: title: 'Governing law: choice of law'`);
  });

  it("a key given twice: names it and the line of the other", () => {
    const text = broken((t) => t.replace("  statement: done\n", "  statement: done\n  statement: affirmative\n"));
    const p = onlyProblem(text);
    expect(p).toMatchObject(where(text, "statement: affirmative"));
    expect(p.message).toBe('"statement" is given twice here (also on line 12): keep one, or merge them');
  });
});

describe("no false alarms", () => {
  it("every bundled rule and vocabulary file parses without a problem", () => {
    for (const dir of ["rules", "vocabularies"]) {
      for (const name of readdirSync(join(repoRoot, dir)).filter((n) => n.endsWith(".yaml"))) {
        const file = join(repoRoot, dir, name);
        expect(parseYaml(readFileSync(file, "utf8"), file, "RULE_SYNTAX").problems, file).toEqual([]);
      }
    }
  });
});
