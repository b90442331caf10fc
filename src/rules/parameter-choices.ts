/**
 * The names a rule parameter's values may take. A parameter compared with a value the rule
 * reads from a vocabulary (`oneOf: $exchanges` on `exchange`, found by `{exchange}`) takes the
 * vocabulary's names, the names reports print ("NYSE American"); a firm may write them in any
 * case and spacing ("nyse  american"), and a name no vocabulary has ("NYSE Amercan") is a
 * mistake to report, not a setting that silently never matches.
 */
import type { Capture, CompiledPattern, ParameterChoices, ParameterValue, RequirementSpec } from "./rule-types.js";
import { didYouMean } from "./suggest.js";
import { type Vocabulary, variantKey } from "./vocabulary.js";

/** A "$name" reference to a parameter, or undefined. */
export function parameterName(v: unknown): string | undefined {
  return typeof v === "string" && /^\$[a-zA-Z][a-zA-Z0-9]*$/.test(v) ? v.slice(1) : undefined;
}

/**
 * For each parameter a requirement compares with a value (`value: exchange`, `oneOf:
 * $exchanges`), the names that value can take: the entries of the vocabularies of the slots
 * that read it (in find patterns, or in the capture of that name), or the values of a `oneOf` /
 * `all` capture. A parameter compared with anything else (a flag, a shape such as a file
 * number) has no fixed names and is not listed.
 */
export function parameterChoices(
  requirements: readonly RequirementSpec[],
  find: readonly (CompiledPattern | undefined)[],
  captures: readonly Capture[],
  vocabularies: ReadonlyMap<string, Vocabulary>,
): Map<string, ParameterChoices> {
  const out = new Map<string, ParameterChoices>();
  const walk = (r: RequirementSpec) => {
    r.any?.forEach(walk);
    const name = parameterName(r.oneOf) ?? parameterName(r.equals);
    if (!name || r.value === undefined) return;
    const choices = valueChoices(r.value, find, captures, vocabularies);
    if (!choices) return;
    const seen = out.get(name);
    out.set(name, seen ? { vocabularies: [...new Set([...seen.vocabularies, ...choices.vocabularies])], names: [...new Set([...seen.names, ...choices.names])] } : choices);
  };
  requirements.forEach(walk);
  return out;
}

function valueChoices(
  value: string,
  find: readonly (CompiledPattern | undefined)[],
  captures: readonly Capture[],
  vocabularies: ReadonlyMap<string, Vocabulary>,
): ParameterChoices | undefined {
  const slotsOf = (patterns: readonly (CompiledPattern | undefined)[], all: boolean) =>
    patterns.flatMap((p) => p?.phrase?.program.slots.filter((s) => all || s.name === value).map((s) => s.vocabulary) ?? []);
  const capture = captures.find((c) => c.name === value);
  if (capture && (capture.kind === "oneOf" || capture.kind === "all")) {
    return { vocabularies: [], names: capture.patterns.flatMap((p) => (p.value === undefined ? [] : [p.value])) };
  }
  if (capture?.kind === "flag") return undefined;
  const names = [...new Set([...slotsOf(find, false), ...(capture ? slotsOf(capture.patterns, true) : [])])];
  const vocabs = names.map((n) => vocabularies.get(n));
  // A value with a shape (a file number) can be anything of that shape.
  if (names.length === 0 || vocabs.some((v) => !v || v.shapes.length > 0)) return undefined;
  return { vocabularies: names, names: [...new Set(vocabs.flatMap((v) => [...(v as Vocabulary).entries.keys()]))] };
}

/** The name of `choices` that `value` is, ignoring case and spacing ("new  york" → "New York"), if any. */
export function canonicalChoice(value: string, choices: ParameterChoices): string | undefined {
  const key = variantKey(value);
  return choices.names.find((n) => variantKey(n) === key);
}

/** A parameter value with each name written as the vocabulary writes it; unknown names are left as written. */
export function canonicalValue(value: ParameterValue, choices: ParameterChoices | undefined): ParameterValue {
  if (!choices) return value;
  const one = (v: string) => canonicalChoice(v, choices) ?? v;
  if (Array.isArray(value)) return value.map(one);
  return typeof value === "string" ? one(value) : value;
}

/**
 * Why `value` is not one of `choices`, for an error message: a way agreements write a name
 * ("NYSE MKT") points to the name to write instead, a misspelling to the nearest name.
 */
export function unknownChoice(value: string, choices: ParameterChoices, vocabularies: ReadonlyMap<string, Vocabulary>): string {
  const kind = choices.vocabularies.length ? `a name in the ${choices.vocabularies.join(" or ")} vocabulary` : `one of: ${choices.names.join(", ")}`;
  const key = variantKey(value);
  for (const name of choices.vocabularies) {
    for (const [canonical, variants] of vocabularies.get(name)?.entries ?? []) {
      if (choices.names.includes(canonical) && variants.some((v) => variantKey(v) === key)) {
        return `"${value}" is how agreements write ${canonical}; write "${canonical}", the name reports print`;
      }
    }
  }
  const hint = didYouMean(value, choices.names);
  return `"${value}" is not ${kind}${hint ? ` (did you mean "${hint}"?)` : ""}`;
}
