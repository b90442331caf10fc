/**
 * A worker thread of the batch pool (piscina). It receives the rule set once, when the thread
 * starts, and then checks one input per task. The review desk's server runs its checks on the
 * same pool, and parses with `parseTask`.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { checkAgreement } from "../check/check-agreement.js";
import { sourceFromText, sourcesFromBytes } from "../ingest/read-document.js";
import { parseAgreement } from "../parse/parse-agreement.js";
import { registerRuleAnchors } from "../rules/anchors.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { Agreement } from "../types.js";
import { type InputOutcome, type InputTask, checkInput, failedInput } from "./check-input.js";

/** What the pool hands every worker when it starts: the rules as loaded by the main thread (regular expressions survive the copy). */
export interface WorkerData {
  ruleSet: RuleSet;
  /**
   * Check a few sentences before taking work, so that the first document is not the one that
   * pays for compiling the rules' expressions (a server's time limit would count it).
   */
  warmUp?: boolean;
}

/** A task as the pool hands it: the input, and a port told when the worker starts on it (when its deadline starts). */
export interface WorkerTask extends InputTask {
  started?: MessagePort;
}


const { ruleSet, warmUp } = workerData as WorkerData;
// The anchor scan for every rule at once, as loadRules builds it in the thread that loaded them.
registerRuleAnchors(ruleSet.rules);

/**
 * The warm-up, started when the thread loads; a task waits for it before its deadline starts.
 * (Not a top-level await: the worker is also bundled as CommonJS, scripts/build-bundle.mjs.)
 */
const ready: Promise<unknown> | undefined = warmUp ? warm() : undefined;

async function warm(): Promise<void> {
  const text = [
    "The shares have been registered under the Securities Act on a registration statement on Form S-3 (File No. 333-00000).",
    "The Company has filed a prospectus supplement. The Company has filed an application to list the shares on the NASDAQ Global Market.",
    "This Agreement shall be governed by the laws of the State of New York. This Agreement may be executed in counterparts.",
  ].join("\n\n");
  await checkAgreement(sourceFromText(text, "warm-up.txt"), ruleSet);
}

/** Checks one input (piscina calls the default export once per task). */
export default async function checkTask({ started, ...task }: WorkerTask): Promise<InputOutcome> {
  await ready;
  started?.postMessage(0);
  started?.close();
  return checkInput(task, ruleSet);
}

/** What parsing bytes gave: the Agreement of each agreement in them, or why they could not be read. */
export type ParseOutcome = { ok: true; agreements: Agreement[] } | Extract<InputOutcome, { ok: false }>;

/** Parses bytes given with the name to report them under (`clausecheck parse` for the server). Never throws. */
export async function parseTask(task: InputTask & { bytes: Uint8Array }): Promise<ParseOutcome> {
  await ready;
  try {
    return { ok: true, agreements: (await sourcesFromBytes(task.bytes, task.file, task.read)).map((s) => parseAgreement(s)) };
  } catch (e) {
    return failedInput(task.file, e) as Extract<InputOutcome, { ok: false }>;
  }
}
