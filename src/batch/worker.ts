/**
 * A worker thread of the batch pool (piscina). It receives the rule set once, when the thread
 * starts, and then checks one input per task.
 */
import { workerData } from "node:worker_threads";
import type { RuleSet } from "../rules/rule-types.js";
import { type InputOutcome, type InputTask, checkInput } from "./check-input.js";

/** What the pool hands every worker when it starts: the rules as loaded by the main thread (regular expressions survive the copy). */
export interface WorkerData {
  ruleSet: RuleSet;
}

const { ruleSet } = workerData as WorkerData;

/** Checks one input (piscina calls the default export once per task). */
export default async function checkTask(task: InputTask): Promise<InputOutcome> {
  return checkInput(task, ruleSet);
}
