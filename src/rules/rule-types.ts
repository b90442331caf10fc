import type { TopLevelCondition } from "json-rules-engine";
import type { CapturedValue, GapReason, Severity } from "../types.js";
import type { PatternSpec } from "./pattern.js";
import type { ExactTemplate, PhraseNode, PhraseProgram } from "./phrase.js";
import type { Vocabulary } from "./vocabulary.js";

/** A rule parameter's value: a setting a firm changes in its config file. */
export type ParameterValue = string | boolean | string[];

/** The names a parameter's values may take, and the vocabularies they come from (empty for a capture's own values). */
export interface ParameterChoices {
  vocabularies: string[];
  names: string[];
}

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
  first?: PatternSpec;
  oneOf?: Record<string, PatternSpec>;
  all?: Record<string, PatternSpec>;
  flag?: PatternSpec;
  in?: "clause" | "match";
  definitions?: boolean;
  case?: "upper" | "title" | "as-written";
}

/**
 * A message as a rule file writes it: one text, or alternatives, each used when every value its
 * `when` names is present (the last, which names none, when no other applies).
 */
export type RuleMessage = string | { when?: string[]; message: string }[];

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
  /** Entries this rule adds to vocabularies, by vocabulary name. */
  vocabulary?: Record<string, Record<string, string[]>>;
  clause: {
    find: PatternSpec[];
    ignore?: PatternSpec[];
    nearMisses?: { find: PatternSpec; means: string }[];
    scope?: "sentence" | "paragraph";
    capture?: Record<string, CaptureSpec>;
  };
  require: { statement: "done" | "affirmative"; values?: RequirementSpec[] };
  messages: {
    pass: RuleMessage;
    missing: RuleMessage;
    negated?: RuleMessage;
    future?: RuleMessage;
    conditional?: RuleMessage;
    mentioned?: RuleMessage;
    quoted?: RuleMessage;
  };
  examples: { meets: RuleExample[]; fails: RuleExample[] };
}

/** A named pattern, compiled. */
export interface CompiledPattern {
  /** The pattern as written in the rule file (`regex: …` for a regular expression). */
  source: string;
  /** The canonical value it stands for (oneOf / all captures). */
  value?: string;
  re: RegExp;
  /** For a phrase: its parts, groups (slots, predicate) and the vocabularies it was compiled with. */
  phrase?: {
    nodes: PhraseNode[];
    program: PhraseProgram;
    vocabularies: ReadonlyMap<string, Vocabulary>;
    /** Recompilations with a document's defined terms as slot aliases. */
    perDocument?: Map<string, { re: RegExp; program: PhraseProgram }>;
    /** The exact form with its slots' names left out (null when the pattern cannot have one). */
    exactTemplate?: ExactTemplate | null;
  };
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
  /**
   * The rule's parameters with the values in force, and what each does; `choices`, when the
   * parameter is compared with a value read from a vocabulary, the names its values may take.
   */
  parameters: Record<string, { description: string; value: ParameterValue; default: ParameterValue; choices?: ParameterChoices }>;
  messages: RuleSpec["messages"];
  examples: RuleSpec["examples"];
  /** The conditions json-rules-engine evaluates on the `clause` fact. */
  conditions: TopLevelCondition;
  /** The vocabularies the rule's slots were compiled with (bundled, the config's and the rule's additions). */
  vocabularies: ReadonlyMap<string, Vocabulary>;
}

/** The rules loaded from one folder. */
export interface RuleSet {
  dir: string;
  rules: Rule[];
}
