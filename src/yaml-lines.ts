/**
 * A YAML text as lines, and how each line reads (indentation, list dashes, key, value), for
 * advice on a mistake the parser could not read past (src/yaml-advice.ts). A line is read on its
 * own, as a person reads it; the parser's own structure is not available for a broken file.
 */
import { plural } from "./plural.js";

/** One line of the text. */
export interface Line {
  /** Index from 0; the line number is index + 1. */
  index: number;
  /** Offset of its first character in the text. */
  offset: number;
  text: string;
}

/** The lines of a text, with the offset each starts at. */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let offset = 0;
  for (const [index, raw] of text.split("\n").entries()) {
    out.push({ index, offset, text: raw.replace(/\r$/, "") });
    offset += raw.length + 1;
  }
  return out;
}

/** The index of the line holding `offset`. */
export function lineAt(lines: Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] as Line).offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A line's text without its comment (a `#` after a space, outside quotes). */
export function withoutComment(s: string): string {
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') {
      if (i === 0 || /[\s:[{,-]/.test(s[i - 1] as string)) quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(s[i - 1] as string))) return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

/** How a line reads: its indentation, list dashes, key (if any) and where its value starts. */
export interface Shape {
  indent: number;
  /** The column (from 0) where the key or value after the dashes starts. */
  inner: number;
  dashes: number;
  key?: string;
  /** Column (from 0) where the value starts, or -1 when the line ends after its key or dash. */
  valueAt: number;
  /** The value as written, without a comment. */
  value: string;
}

/** How a line reads. */
export function shapeOf(line: string): Shape {
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  const body = withoutComment(line);
  const dashes = /^(?:-(?: +|$))*/.exec(body.slice(indent))?.[0] ?? "";
  const inner = indent + dashes.length;
  const rest = body.slice(inner);
  const key = /^(?:"[^"]*"|'[^']*'|[^\s'"[\]{}#&*!|>%@`,][^#]*?)\s*:(?=\s|$)/.exec(rest);
  if (key) {
    const after = rest.slice(key[0].length);
    const lead = /^\s*/.exec(after)?.[0].length ?? 0;
    const value = after.slice(lead);
    return { indent, inner, dashes: dashes.trim().length, key: key[0].replace(/\s*:$/, ""), valueAt: value ? inner + key[0].length + lead : -1, value };
  }
  return { indent, inner, dashes: dashes.trim().length, valueAt: rest ? inner : -1, value: rest };
}

/** Whether a line holds YAML content (not blank, not only a comment). */
export const isContent = (l: Line): boolean => l.text.trim() !== "" && !l.text.trimStart().startsWith("#");

/** "1 space", "4 spaces". */
export function spaces(n: number): string {
  return plural(n, "space");
}
