/**
 * How many worker threads `check` uses when --jobs is not given (batchJobs, src/batch/run-batch.ts):
 * one fewer than the cores, and none (this thread) for files under 1 MB in all, whose checks take
 * less time than worker threads take to start.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Input } from "../../src/batch/inputs.js";
import { SMALL_BATCH_BYTES, batchJobs } from "../../src/batch/run-batch.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
const file = (name: string): Input => ({ kind: "file", file: join(tmp, name) });
beforeAll(() => {
  tmp = makeTmpDir("batch-jobs");
  writeFileSync(join(tmp, "small.txt"), "x".repeat(1000));
  writeFileSync(join(tmp, "half.txt"), "x".repeat(SMALL_BATCH_BYTES / 2));
  writeFileSync(join(tmp, "large.txt"), "x".repeat(SMALL_BATCH_BYTES));
});
afterAll(() => removeTmpDir(tmp));

describe("batchJobs", () => {
  it("one fewer than the cores once the files come to 1 MB", () => {
    expect(batchJobs([file("large.txt")], 8)).toBe(7);
    expect(batchJobs([file("small.txt"), file("large.txt")], 4)).toBe(3);
    // Two halves make the megabyte.
    expect(batchJobs([file("half.txt"), file("half.txt")], 8)).toBe(7);
  });

  it("this thread for less than 1 MB in all, whatever the cores", () => {
    expect(batchJobs([file("small.txt"), file("half.txt")], 8)).toBe(1);
    expect(batchJobs([file("half.txt")], 64)).toBe(1);
    expect(batchJobs([], 8)).toBe(1);
  });

  it("this thread on one or two cores, whatever the size", () => {
    expect(batchJobs([file("large.txt"), file("large.txt")], 2)).toBe(1);
    expect(batchJobs([file("large.txt")], 1)).toBe(1);
  });

  it("standard input, a missing file and an unreadable input count as nothing", () => {
    const inputs: Input[] = [
      { kind: "stdin", file: "<stdin>" },
      file("no-such-file.txt"),
      { kind: "error", file: "x.txt", error: { file: "x.txt", code: "ENOENT", message: "no such file" } },
      file("half.txt"),
    ];
    expect(batchJobs(inputs, 8)).toBe(1);
    expect(batchJobs([...inputs, file("half.txt")], 8)).toBe(7);
  });
});
