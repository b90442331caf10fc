import type { ParameterValue } from "../rules/rule-types.js";
import { isPresent } from "../recognize/recognize.js";
import type { RuleMessage } from "../rules/rule-types.js";
import type { CapturedValue } from "../types.js";

/** What a message's placeholders are filled with. */
export interface MessageContext {
  /** "Section 2(a)", "The text at line 41", or "" when no clause was found. */
  where: string;
  /** The words that decided how the clause is stated ("will file"), or "" when none did. */
  found: string;
  title: string;
  values: Record<string, CapturedValue>;
  /** The rule's parameters in force ({$name} in a message), by name. */
  parameters?: Record<string, ParameterValue | undefined>;
}

/** "S-3", "S-3 or S-3ASR", "facsimile, e-mail or .pdf": a list as a sentence writes it. */
export function listInWords(items: readonly string[], joiner = "or"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${joiner} ${items[items.length - 1]}`;
}

/**
 * The text of a rule's message for a clause: the first alternative whose `when` values are all
 * present (true, a non-empty text or list), else the last one.
 */
export function pickMessage(message: RuleMessage, values: Record<string, CapturedValue>): string {
  if (typeof message === "string") return message;
  const has = (name: string) => Object.hasOwn(values, name) && isPresent(values[name]);
  const chosen = message.find((m) => (m.when ?? []).every(has)) ?? message[message.length - 1];
  return chosen?.message ?? "";
}

/**
 * A message with its placeholders filled: {where}, {found}, {title} and each captured value
 * ({form}), lists written out in words. When no words decided the statement, a bracket that
 * would have quoted them is left out rather than printed empty ("()" or `("")`).
 */
export function fillMessage(template: string, ctx: MessageContext): string {
  const t = ctx.found === "" ? template.replace(/\s*\(\s*["“]?\{found\}["”]?\s*\)/g, "") : template;
  const filled = t.replace(/\{(\$?\w+)\}/g, (_, name: string) => {
    // {$exchanges}: the parameter's value in force, the firm's setting or the rule's default.
    if (name.startsWith("$")) {
      const p = ctx.parameters?.[name.slice(1)];
      return Array.isArray(p) ? (p.length ? p.join(", ") : "any") : typeof p === "boolean" ? (p ? "yes" : "no") : (p ?? "");
    }
    if (name === "where") return ctx.where;
    if (name === "found") return ctx.found;
    if (name === "title") return ctx.title;
    const value = Object.hasOwn(ctx.values, name) ? ctx.values[name] : undefined;
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (Array.isArray(value)) return value.length ? listInWords(value) : "none";
    return value === undefined || value === "" ? "none" : value;
  });
  return filled.replace(/\s+/g, " ").replace(/\s+([.,;:])/g, "$1").trim();
}
