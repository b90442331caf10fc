/**
 * The playground's worker thread: explains one rule on a clause typed on the review desk. The
 * rule is one the server loaded (by id) or a rule file's text sent with the request, compiled
 * here: running a rule registers its anchor words and vocabulary additions in caches of its
 * thread, so rules sent by clients never touch the threads that check documents, and this
 * thread is replaced after a number of them (src/serve/work-pool.ts).
 */
import { workerData } from "node:worker_threads";
import { explainRule, type Explanation } from "../check/explain.js";
import { isClauseCheckError } from "../errors.js";
import { sourceFromText } from "../ingest/read-document.js";
import { type RuleProblem, type RuleSettings, ruleFromText } from "../rules/load-rules.js";
import type { RuleSet } from "../rules/rule-types.js";

/** What the playground thread receives when it starts: the served rules and the config's settings for rules sent as text. */
export interface PlaygroundData {
  ruleSet: RuleSet;
  settings: RuleSettings;
}

/** One explanation to give: a rule by id, or a rule file's text; and the clause. */
export interface PlaygroundTask {
  ruleId?: string;
  ruleText?: string;
  text: string;
}

/** The explanation, the rule text's problems, or an error the CLI would print in one line. */
export type PlaygroundOutcome =
  | { ok: true; explanation: Explanation }
  | { ok: false; problems: RuleProblem[] }
  | { ok: false; error: { code: string; message: string } };

/** The name a rule sent as text goes by, in explanations and problems. */
export const PASTED_RULE = "pasted-rule.yaml";

const { ruleSet, settings } = workerData as PlaygroundData;

/** Explains the rule on the clause (piscina calls the default export once per task). Never throws. */
export default async function explainTask(task: PlaygroundTask): Promise<PlaygroundOutcome> {
  try {
    let rules = ruleSet;
    let ruleId = task.ruleId ?? "";
    if (task.ruleText !== undefined) {
      const result = ruleFromText(task.ruleText, PASTED_RULE, settingsFor(task.ruleText), { anyId: true });
      if (!result.rule) return { ok: false, problems: result.problems };
      rules = { dir: "", rules: [result.rule] };
      ruleId = result.rule.id;
    }
    const source = sourceFromText(task.text, "clause");
    return { ok: true, explanation: await explainRule(source, rules, ruleId) };
  } catch (e) {
    if (isClauseCheckError(e)) return { ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
}

/** The config's severity, parameters and vocabularies for the rule a text declares (by its `id:` line, before it is parsed). */
function settingsFor(text: string) {
  const id = /^id:\s*["']?([a-z0-9-]+)/m.exec(text)?.[1];
  const own = id && settings.rules && Object.hasOwn(settings.rules, id) ? settings.rules[id] : undefined;
  return { ...own, ...(settings.vocabularies ? { vocabularies: settings.vocabularies } : {}) };
}
