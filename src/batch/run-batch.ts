import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { displayPath } from "../display-path.js";
import { visibleName } from "../report/visible-text.js";
import type { ReadOptions } from "../ingest/read-document.js";
import { packagePath } from "../package-path.js";
import type { RuleSet } from "../rules/rule-types.js";
import { type InputOutcome, type InputTask, checkInput, failedInput } from "./check-input.js";
import type { Input } from "./inputs.js";
import type { WorkerData } from "./worker.js";

/** How a batch is run (every field optional). */
export interface BatchOptions {
  /** Worker threads to use; 1 checks in this thread. Default: the number of cores. */
  jobs?: number;
  read?: ReadOptions;
  /** Keep each document's text, for the HTML report. */
  keepTexts?: boolean;
  /** Reads standard input, for an input of kind `stdin` (the library never reads it by itself: without this, such an input is empty). */
  stdin?: () => Promise<Uint8Array>;
  /** Called as each input finishes, in whatever order they finish (for a progress bar). */
  onSettled?: (input: Input) => void;
}

/** One input and what checking it gave. */
export interface BatchItem {
  input: Input;
  outcome: InputOutcome;
}

/** The number of cores, the default for `--jobs`. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The worker module: next to this one once built; from the built package when running from the TypeScript sources. */
function workerFile(): string {
  const here = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(here) ? here : packagePath("dist", "batch", "worker.js");
}

/**
 * Checks every input and yields each with its outcome in the order of the inputs, as soon as
 * it and every input before it are done, whatever order they finish in. With more than one job
 * and more than one input, the documents are checked on a pool of worker threads; each is
 * handed the rule set once, when it starts (a copy: loading it again would cost 50 times as
 * much). An unreadable input never stops the others.
 */
export async function* checkInputs(inputs: Input[], ruleSet: RuleSet, options: BatchOptions = {}): AsyncGenerator<BatchItem> {
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), inputs.length));
  const task = async (input: Input): Promise<InputTask | InputOutcome> => {
    const t: InputTask = { file: input.file, read: options.read ?? {}, keepText: options.keepTexts ?? false };
    if (input.kind === "error") return { ok: false, error: input.error, line: visibleName(`${displayPath(input.file)}: ${input.error.message}`) };
    if (input.kind === "stdin") {
      try {
        t.bytes = await (options.stdin ?? (() => Promise.resolve(new Uint8Array())))();
      } catch (e) {
        return failedInput(input.file, e);
      }
    }
    return t;
  };
  const settle = (input: Input) => (outcome: InputOutcome) => {
    options.onSettled?.(input);
    return outcome;
  };

  if (jobs === 1) {
    for (const input of inputs) {
      const t = await task(input);
      const outcome = "ok" in t ? t : await checkInput(t, ruleSet);
      yield { input, outcome: settle(input)(outcome) };
    }
    return;
  }

  const { Piscina } = await import("piscina");
  const workerData: WorkerData = { ruleSet };
  const pool = new Piscina({ filename: workerFile(), minThreads: jobs, maxThreads: jobs, workerData, idleTimeout: 1000 });
  try {
    const pending = inputs.map(async (input) => {
      const t = await task(input);
      const outcome = "ok" in t ? t : await (pool.run(t) as Promise<InputOutcome>).catch((e: unknown) => failedInput(input.file, e));
      return settle(input)(outcome);
    });
    for (const [i, input] of inputs.entries()) yield { input, outcome: await (pending[i] as Promise<InputOutcome>) };
  } finally {
    await pool.destroy();
  }
}
