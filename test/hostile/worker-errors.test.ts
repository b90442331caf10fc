/**
 * A worker's out-of-memory (issue 14, item 13) has its own code and message, not INTERNAL
 * "please report it": the document was too big for the heap, which is no bug.
 */
import { describe, expect, it } from "vitest";
import { failedInput } from "../../src/batch/check-input.js";

describe("errors from a worker thread", () => {
  it("ERR_WORKER_OUT_OF_MEMORY is OUT_OF_MEMORY, one line saying what to do", () => {
    const oom = Object.assign(new Error("Worker terminated due to reaching memory limit: JS heap out of memory"), { code: "ERR_WORKER_OUT_OF_MEMORY" });
    const outcome = failedInput("big.txt", oom);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe("OUT_OF_MEMORY");
    expect(outcome.error.message).not.toMatch(/please report/);
    expect(outcome.line).toMatch(/^big\.txt: ran out of memory while being checked: try --jobs 1/);
    expect(outcome.line.split("\n")).toHaveLength(1);
  });

  it("any other error is still INTERNAL", () => {
    const outcome = failedInput("x.txt", new Error("boom"));
    expect(!outcome.ok && outcome.error.code).toBe("INTERNAL");
  });
});
