import { displayPath } from "../display-path.js";
import type { Severity } from "../types.js";
import { VERSION } from "../version.js";
import type { ParameterValue, RuleSet } from "./rule-types.js";
import { plural } from "../plural.js";

/** A rule as `clausecheck rules list --format json` and `GET /v1/rules` describe it. */
export interface RuleSummary {
  id: string;
  title: string;
  severity: Severity;
  /** The rule file, relative to the working folder when inside it. */
  file: string;
  description: string;
  why?: string;
  usually?: string;
  /** The rule's parameters: what each does, the value in force (the config's, else the default) and the default. */
  parameters: Record<string, { description: string; value: ParameterValue; default: ParameterValue }>;
  /** The phrases its clause is found by. */
  find: string[];
  /** How many examples the file gives of clauses that meet it and that fail it. */
  examples: { meets: number; fails: number };
}

/** The rules loaded, as `clausecheck rules list --format json` prints them (schemas/rules.schema.json). */
export interface RuleListing {
  tool: { name: "clausecheck"; version: string };
  rules: RuleSummary[];
}

/** The listing of a rule set, in load order. */
export function ruleListing(ruleSet: RuleSet): RuleListing {
  return {
    tool: { name: "clausecheck", version: VERSION },
    rules: ruleSet.rules.map((r) => {
      const s: RuleSummary = {
        id: r.id,
        title: r.title,
        severity: r.severity,
        file: displayPath(r.file),
        description: r.description,
        // What each does and its values; the names a value may take are the config check's business.
        parameters: Object.fromEntries(Object.entries(r.parameters).map(([name, p]) => [name, { description: p.description, value: p.value, default: p.default }])),
        find: r.find.map((p) => p.source),
        examples: { meets: r.examples.meets.length, fails: r.examples.fails.length },
      };
      if (r.why) s.why = r.why;
      if (r.usually) s.usually = r.usually;
      return s;
    }),
  };
}

/** The listing for a terminal: one line per rule, its parameters under it. */
export function formatRuleListing(listing: RuleListing): string {
  const width = Math.max(10, ...listing.rules.map((r) => r.id.length));
  const out: string[] = [];
  for (const r of listing.rules) {
    out.push(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}  (${r.file})`);
    for (const [name, p] of Object.entries(r.parameters)) out.push(`${" ".repeat(width + 2)}${name} = ${JSON.stringify(p.value)}${JSON.stringify(p.value) === JSON.stringify(p.default) ? "" : ` (default ${JSON.stringify(p.default)})`}`);
  }
  out.push(plural(listing.rules.length, "rule"));
  return `${out.join("\n")}\n`;
}
