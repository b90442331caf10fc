import { describe, expect, it } from "vitest";
import { compilePattern, patternProblem, translatePattern } from "../../src/rules/pattern.js";

/** The first match of a rule-file pattern in `text`, or undefined. */
function first(pattern: string, text: string): string | undefined {
  return compilePattern(pattern).exec(text)?.[0];
}

describe("the pattern language", () => {
  it("lets a space match any run of white space, line breaks included", () => {
    const p = "governed by the laws of";
    expect(first(p, "shall be governed by the laws of")).toBe("governed by the laws of");
    expect(first(p, "shall be governed by\n     the laws of")).toBe("governed by\n     the laws of");
    expect(first(p, "governed by\r\nthe\tlaws  of")).toBe("governed by\r\nthe\tlaws  of");
    expect(first(p, "governed bythe laws of")).toBeUndefined();
  });

  it("treats several spaces like one", () => {
    expect(translatePattern("laws   of")).toBe("laws\\s{1,80}of");
  });

  it('keeps "a ?b" and "a *b" as optional white space', () => {
    expect(first("e ?mail", "email")).toBe("email");
    expect(first("e ?mail", "e mail")).toBe("e mail");
    expect(first("Small ?Cap", "SmallCap")).toBe("SmallCap");
    expect(first("a *b", "ab")).toBe("ab");
  });

  it('lets " match straight and curly double quotes, and \' straight and curly apostrophes', () => {
    expect(first('the "Company"', "the “Company”")).toBe("the “Company”");
    expect(first('the "Company"', 'the "Company"')).toBe('the "Company"');
    expect(first("Company's", "the Company’s shares")).toBe("Company’s");
    expect(first("Company's", "the Company's shares")).toBe("Company's");
  });

  it("ignores case", () => {
    expect(first("nasdaq national market", "the NASDAQ National Market")).toBe("NASDAQ National Market");
  });

  it("does not break character classes: a space inside [...] stays one space", () => {
    expect(translatePattern("[a-z ]+x")).toBe("[a-z ]+x");
    expect(first("Form [A-Z]-3", "Form S-3")).toBe("Form S-3");
    expect(first("[0-9 ]+ shares", "1 250 000 shares")).toBe("1 250 000 shares");
  });

  it("adds the curly forms inside a character class, so [^\"] stops at a curly quote", () => {
    expect(translatePattern('[^"]')).toBe('[^"“”]');
    expect(first('"[^"]+"', "the “Company” and the “Purchaser”")).toBe("“Company”");
    expect(first("[']s", "Company’s")).toBe("’s");
  });

  it("handles ] first in a class and escaped brackets", () => {
    expect(translatePattern("[]a ] b")).toBe("[]a ]\\s{1,80}b");
    expect(translatePattern("\\[a b\\]")).toBe("\\[a\\s{1,80}b\\]");
    expect(first("\\(b\\) the", "(b) the Company")).toBe("(b) the");
  });

  it("leaves escapes alone", () => {
    expect(translatePattern("\\bfiled\\b")).toBe("\\bfiled\\b");
    expect(translatePattern('\\"')).toBe('\\"');
  });
});

describe("patternProblem", () => {
  it("accepts the patterns rule files use", () => {
    expect(patternProblem("registered under the (?:Securities Act|Act)")).toBeUndefined();
    expect(patternProblem("Form ([SF]-?\\d+(?:ASR)?)")).toBeUndefined();
    expect(patternProblem("(?<!West )Virginia")).toBeUndefined();
  });

  it("rejects an invalid expression, saying why", () => {
    expect(patternProblem("supplement (to")).toMatch(/^invalid pattern: .*Unterminated group/);
  });

  it("rejects a pattern that matches empty text", () => {
    expect(patternProblem("x*")).toMatch(/matches empty text/);
    expect(patternProblem("(?:)")).toMatch(/matches empty text/);
  });

  it("rejects nested repetition and back-references", () => {
    expect(patternProblem("(a+)+")).toMatch(/exponential/);
    expect(patternProblem("(\\w+ )*x")).toMatch(/exponential/);
    expect(patternProblem("(a)b\\1")).toMatch(/back-references/);
  });
});
