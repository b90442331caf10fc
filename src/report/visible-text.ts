import type { Report } from "../types.js";

/**
 * C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069). From an agreement or a file name they could drive the reader's terminal
 * (clear the screen, erase a gap line, set the title, plant a link) or reorder what is shown.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `s` with every control shown as a visible character: C0 as its Control Picture (ESC → ␛),
 * DEL as ␡, C1 and bidi controls as `<U+XXXX>`. Characters in `keep` (by default line feed and
 * tab, which the text report lays out itself) stay as they are.
 */
export function visibleText(s: string, keep = "\n\t"): string {
  return s.replace(CONTROLS, (c) => {
    if (keep.includes(c)) return c;
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return `<U+${code.toString(16).toUpperCase().padStart(4, "0")}>`;
  });
}

/** A file name or a `file:line` place: one line whatever it holds (a line break is shown as ␊). */
export function visibleName(s: string): string {
  return visibleText(s, "");
}

/** Keys whose values are file names or places; a line break in them would split a line of a report. */
const NAME_KEYS = new Set(["file", "source", "document"]);

/**
 * A copy of the report fit for a terminal or a Markdown page: every string with its controls
 * shown visibly, file names and places kept to one line. The formats for people format this
 * copy, so no field, present or future, reaches them raw.
 */
export function visibleReport(report: Report): Report {
  return mapStrings(report, (s, key) => (key !== undefined && NAME_KEYS.has(key) ? visibleName(s) : visibleText(s)));
}

/** A copy of the report with only its file names and places made visible (HTML and JUnit, which escape the rest themselves). */
export function visibleNames(report: Report): Report {
  return mapStrings(report, (s, key) => (key !== undefined && NAME_KEYS.has(key) ? visibleName(s) : s));
}

function mapStrings(report: Report, f: (s: string, key: string | undefined) => string): Report {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === "string") return f(v, key);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(report, undefined) as Report;
}

/**
 * JSON text with C1 and bidi controls written as `\uXXXX` escapes (JSON.stringify already
 * escapes C0): the same data for a parser, nothing live for a terminal that shows the file.
 * Such characters can only stand inside JSON strings, so the replacement is always valid.
 */
export function jsonWithEscapedControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
