import type { TopLevelCondition } from "json-rules-engine";
import type { CapturedValue, GapReason, Severity } from "../types.js";

/** A rule parameter's value: a setting a firm changes in its config file. */
export type ParameterValue = string | boolean | string[];

/** A requirement on a captured value, as written in a rule file. */
export interface RequirementSpec {
  value?: string;
  equals?: string | boolean;
  /** A list, or "$parameter" naming a parameter that holds one. */
  oneOf?: string[] | string;
  present?: true;
  any?: RequirementSpec[];
  severity?: Severity;
  message: string;
}

/** How a value is read from a clause, as written in a rule file. */
export interface CaptureSpec {
  first?: string;
  oneOf?: Record<string, string>;
  all?: Record<string, string>;
  flag?: string;
  in?: "clause" | "match";
  definitions?: boolean;
  case?: "upper" | "title" | "as-written";
}

/** An example clause, as written in a rule file. */
export interface RuleExample {
  text: string;
  source?: string;
  reason?: GapReason;
  severity?: Severity;
  values?: Record<string, CapturedValue>;
}

/** A rule file, as validated against schemas/rule.schema.json. */
export interface RuleSpec {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  why?: string;
  usually?: string;
  parameters?: Record<string, { description: string; default: ParameterValue }>;
  clause: {
    find: string[];
    ignore?: string[];
    nearMisses?: { find: string; means: string }[];
    scope?: "sentence" | "paragraph";
    capture?: Record<string, CaptureSpec>;
  };
  require: { statement: "done" | "affirmative"; values?: RequirementSpec[] };
  messages: {
    pass: string;
    missing: string;
    negated?: string;
    future?: string;
    conditional?: string;
    mentioned?: string;
    quoted?: string;
  };
  examples: { meets: RuleExample[]; fails: RuleExample[] };
}

/** A named pattern, compiled. */
export interface CompiledPattern {
  /** The pattern as written in the rule file. */
  source: string;
  /** The canonical value it stands for (oneOf / all captures). */
  value?: string;
  re: RegExp;
}

/** A capture, compiled. */
export interface Capture {
  name: string;
  kind: "first" | "oneOf" | "all" | "flag";
  patterns: CompiledPattern[];
  in: "clause" | "match";
  definitions: boolean;
  case: "upper" | "title" | "as-written";
}

/** A rule ready to run: its file, compiled patterns, and the json-rules-engine conditions. */
export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  why?: string;
  usually?: string;
  /** The rule file's path. */
  file: string;
  find: CompiledPattern[];
  /** Sentences holding one of these are never this clause. */
  ignore: CompiledPattern[];
  /** Look-alikes that are not this clause; `value` holds what each means. */
  nearMisses: CompiledPattern[];
  scope: "sentence" | "paragraph";
  captures: Capture[];
  statement: "done" | "affirmative";
  /** The value requirements, parameters filled in; those whose parameter means "any" are left out. */
  requirements: RequirementSpec[];
  /** The rule's parameters with the values in force, and what each does. */
  parameters: Record<string, { description: string; value: ParameterValue; default: ParameterValue }>;
  messages: RuleSpec["messages"];
  examples: RuleSpec["examples"];
  /** The conditions json-rules-engine evaluates on the `clause` fact. */
  conditions: TopLevelCondition;
}

/** The rules loaded from one folder. */
export interface RuleSet {
  dir: string;
  rules: Rule[];
}
