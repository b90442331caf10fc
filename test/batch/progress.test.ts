/** The progress bar: drawn only on a terminal, for enough documents; errors print above it. */
import { describe, expect, it } from "vitest";
import { PROGRESS_MIN_DOCUMENTS, createProgress } from "../../src/batch/progress.js";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 100, writes, write: (s: string) => writes.push(s) };
}

describe("createProgress", () => {
  it("draws a bar with the count on a terminal, and clears it when done", () => {
    const stream = fakeStream(true);
    let t = 0;
    const p = createProgress(20, stream, { now: () => (t += 1000) });
    for (let i = 0; i < 20; i++) p.tick();
    p.done();
    const screen = stream.writes.join("");
    expect(screen).toMatch(/\r\[#+-*\] 1\/20 documents/);
    expect(screen).toMatch(/\r\[#{40}\] 20\/20 documents {2}\d+:\d\d/);
    expect(stream.writes.at(-1)).toBe("\r\u001b[K");
  });

  it("prints an error line above the bar and redraws it", () => {
    const stream = fakeStream(true);
    const p = createProgress(PROGRESS_MIN_DOCUMENTS, stream);
    p.log("clausecheck: x.txt: no such file");
    expect(stream.writes.slice(1, 4)).toEqual(["\r\u001b[K", "clausecheck: x.txt: no such file\n", expect.stringMatching(/^\r\[/)]);
  });

  it("draws nothing when the stream is not a terminal, or for few documents, or when disabled; errors still print", () => {
    for (const [stream, total, enabled] of [
      [fakeStream(false), 100, true],
      [fakeStream(true), PROGRESS_MIN_DOCUMENTS - 1, true],
      [fakeStream(true), 100, false],
    ] as const) {
      const p = createProgress(total, stream, { enabled });
      p.tick();
      p.log("an error");
      p.done();
      expect(stream.writes).toEqual(["an error\n"]);
    }
  });
});
