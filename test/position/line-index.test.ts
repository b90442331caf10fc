import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LineIndex } from "../../src/position/line-index.js";

const seed = readFileSync(new URL("../../samples/valence-ridgeway-1999.txt", import.meta.url), "utf8");

/** Line and column counted the slow, obvious way: `\n`, `\r\n` and a lone `\r` each end a line. */
function naivePosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** A small seeded PRNG (mulberry32), so a failing offset can be reproduced. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("LineIndex with LF line ends", () => {
  const text = "ab\ncd\n\nef";
  const idx = new LineIndex(text);

  it("maps offsets to 1-based lines and columns", () => {
    expect(idx.position(0)).toEqual({ line: 1, column: 1 });
    expect(idx.position(1)).toEqual({ line: 1, column: 2 });
    // The line break belongs to the line it ends.
    expect(idx.position(2)).toEqual({ line: 1, column: 3 });
    expect(idx.position(3)).toEqual({ line: 2, column: 1 });
    expect(idx.position(6)).toEqual({ line: 3, column: 1 });
    expect(idx.position(7)).toEqual({ line: 4, column: 1 });
    expect(idx.position(9)).toEqual({ line: 4, column: 3 });
  });

  it("maps lines and columns back to offsets", () => {
    expect(idx.offset(1, 1)).toBe(0);
    expect(idx.offset(2, 2)).toBe(4);
    expect(idx.offset(3, 1)).toBe(6);
    expect(idx.offset(4, 2)).toBe(8);
  });

  it("counts lines: a final line without a newline counts, a trailing newline adds none", () => {
    expect(idx.lineCount).toBe(4);
    expect(new LineIndex("ab").lineCount).toBe(1);
    expect(new LineIndex("ab\n").lineCount).toBe(1);
    expect(new LineIndex("ab\n\n").lineCount).toBe(2);
  });
});

describe("LineIndex with CRLF line ends", () => {
  const text = "ab\r\ncd\r\n\r\nef";
  const idx = new LineIndex(text);

  it("treats \\r\\n as one line end", () => {
    expect(idx.position(2)).toEqual({ line: 1, column: 3 }); // the \r
    expect(idx.position(3)).toEqual({ line: 1, column: 4 }); // the \n of the same line end
    expect(idx.position(4)).toEqual({ line: 2, column: 1 });
    expect(idx.position(8)).toEqual({ line: 3, column: 1 });
    expect(idx.position(10)).toEqual({ line: 4, column: 1 });
    expect(idx.offset(2, 1)).toBe(4);
    expect(idx.offset(4, 2)).toBe(11);
    expect(idx.lineCount).toBe(4);
    expect(new LineIndex("ab\r\n").lineCount).toBe(1);
  });
});

describe("LineIndex with a lone CR", () => {
  it("treats a lone \\r as a line end", () => {
    const idx = new LineIndex("ab\rcd\r\ref");
    expect(idx.position(3)).toEqual({ line: 2, column: 1 });
    expect(idx.position(6)).toEqual({ line: 3, column: 1 });
    expect(idx.position(7)).toEqual({ line: 4, column: 1 });
    expect(idx.offset(4, 2)).toBe(8);
    expect(idx.lineCount).toBe(4);
  });

  it("mixes all three line ends in one text", () => {
    const text = "a\rb\r\nc\nd";
    const idx = new LineIndex(text);
    expect(["a", "b", "c", "d"].map((ch) => idx.position(text.indexOf(ch)))).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
    ]);
  });
});

describe("LineIndex on texts of random line ends", () => {
  it("places every offset where the obvious count does: \\n, \\r\\n, lone \\r, runs of them, at either end", () => {
    const pieces = ["a", "bc", "\n", "\r", "\r\n", "\n\r", "\r\r", "\n\n", " "];
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 500; n++) {
      let text = "";
      for (let k = next() % 12; k > 0; k--) text += pieces[next() % pieces.length];
      const index = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) expect(index.position(o), JSON.stringify(text) + ` @${o}`).toEqual(naivePosition(text, o));
    }
  });
});

describe("LineIndex on empty text", () => {
  const idx = new LineIndex("");

  it("puts every offset at line 1, column 1", () => {
    expect(idx.position(0)).toEqual({ line: 1, column: 1 });
    expect(idx.position(10)).toEqual({ line: 1, column: 1 });
    expect(idx.offset(1, 1)).toBe(0);
    expect(idx.offset(5, 9)).toBe(0);
    expect(idx.span(0, 0)).toEqual({ start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 });
  });
});

describe("LineIndex past the ends", () => {
  const text = "ab\ncd";
  const idx = new LineIndex(text);

  it("clamps an offset past the end to the end of the text", () => {
    expect(idx.position(5)).toEqual({ line: 2, column: 3 });
    expect(idx.position(6)).toEqual({ line: 2, column: 3 });
    expect(idx.position(1_000_000)).toEqual({ line: 2, column: 3 });
  });

  it("clamps a negative offset to the start", () => {
    expect(idx.position(-5)).toEqual({ line: 1, column: 1 });
  });

  it("clamps a line past the last line to the last line, and never returns an offset past the end", () => {
    expect(idx.offset(99, 1)).toBe(3);
    expect(idx.offset(99, 99)).toBe(5);
    expect(idx.offset(0, 1)).toBe(0);
  });

  it("keeps a column past the end of a line on that line", () => {
    // Line 1 is "ab": one past its last character is column 3 (offset 2, the line break).
    const o = idx.offset(1, 40);
    expect(idx.position(o).line).toBe(1);
    expect(o).toBe(2);
  });
});

describe("LineIndex.span", () => {
  it("gives start and end positions of a span on the seed", () => {
    const idx = new LineIndex(seed);
    expect(idx.span(0, 17)).toEqual({ start: 0, end: 17, line: 1, column: 1, endLine: 1, endColumn: 18 });
    const at = seed.indexOf("(the\n\"Purchaser\")");
    const span = idx.span(at, at + "(the\n\"Purchaser\")".length);
    expect(span).toMatchObject({ line: 12, column: 74, endLine: 13, endColumn: 13 });
  });
});

describe("LineIndex on the seed agreement", () => {
  const idx = new LineIndex(seed);

  it("counts the seed's 81 lines (it has no newline at the end)", () => {
    expect(seed.endsWith("\n")).toBe(false);
    expect(idx.lineCount).toBe(81);
  });

  it("finds section 5 at line 41, column 1", () => {
    expect(idx.position(seed.indexOf("5.        This agreement"))).toEqual({ line: 41, column: 1 });
  });

  it("agrees with a naive count and round-trips for 2,000 random offsets", () => {
    const next = random(1999);
    for (let n = 0; n < 2000; n++) {
      const offset = Math.floor(next() * (seed.length + 1));
      const p = idx.position(offset);
      expect(p, `offset ${offset}`).toEqual(naivePosition(seed, offset));
      expect(idx.offset(p.line, p.column), `offset ${offset} at ${p.line}:${p.column}`).toBe(offset);
    }
  });

  it("round-trips on the seed with CRLF and with lone CR line ends", () => {
    for (const eol of ["\r\n", "\r"]) {
      const text = seed.replace(/\n/g, eol);
      const index = new LineIndex(text);
      expect(index.lineCount).toBe(81);
      const next = random(eol.length);
      for (let n = 0; n < 1000; n++) {
        const offset = Math.floor(next() * (text.length + 1));
        const p = index.position(offset);
        expect(p, `offset ${offset}`).toEqual(naivePosition(text, offset));
        expect(index.offset(p.line, p.column)).toBe(offset);
      }
    }
  });
});
