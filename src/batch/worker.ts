/**
 * A worker thread of the batch pool (piscina). It receives the rule set once, when the thread
 * starts, and then checks one input per task.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import type { RuleSet } from "../rules/rule-types.js";
import { type InputOutcome, type InputTask, checkInput } from "./check-input.js";

/** What the pool hands every worker when it starts: the rules as loaded by the main thread (regular expressions survive the copy). */
export interface WorkerData {
  ruleSet: RuleSet;
}

/** A task as the pool hands it: the input, and a port told when the worker starts on it (when its deadline starts). */
export interface WorkerTask extends InputTask {
  started?: MessagePort;
}

const { ruleSet } = workerData as WorkerData;

/** Checks one input (piscina calls the default export once per task). */
export default async function checkTask({ started, ...task }: WorkerTask): Promise<InputOutcome> {
  started?.postMessage(0);
  started?.close();
  return checkInput(task, ruleSet);
}
