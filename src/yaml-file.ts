import type { ErrorObject } from "ajv";
import { createRequire } from "node:module";
import type { Document, Node } from "yaml";
import type { ErrorCode } from "./errors.js";
import { didYouMean } from "./rules/suggest.js";
import { curlyQuotedValue, yamlAdvice } from "./yaml-advice.js";

/** The yaml package, loaded when a file is parsed (a run with unchanged bundled rules needs none). */
const yaml = (() => {
  let mod: typeof import("yaml") | undefined;
  return () => (mod ??= createRequire(import.meta.url)("yaml") as typeof import("yaml"));
})();

/** One problem in a YAML or JSON file clausecheck reads (a rule file, a config file), located. */
export interface FileProblem {
  file: string;
  /** Line, from 1. */
  line: number;
  /** Column, from 1. */
  column: number;
  code: ErrorCode;
  message: string;
  /** For data given as an object rather than a file: the JSON pointer of the place (line and column are then 1). */
  pointer?: string;
}

/**
 * Line and column (from 1) of the value at a path in the file, or of its key; with `offset`,
 * of that character inside a text value (a mistake inside a pattern). For data given as an
 * object, the JSON pointer of the path instead.
 */
export type Locate = (path: (string | number)[], key?: boolean, offset?: number) => { line: number; column: number; pointer?: string };

/** A Locate for data given as an object: the JSON pointer of each path (`/waivers/0/rule`). */
export const locatePointer: Locate = (path) => ({ line: 1, column: 1, pointer: path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("") });

/**
 * Parses YAML (JSON is YAML too) keeping positions. Duplicate keys are errors; aliases are
 * limited so a "billion laughs" file cannot exhaust memory. A file that is not valid YAML gets
 * one problem, the first, with advice on what to change (src/yaml-advice.ts); so does a value
 * typed in curly quotes, which YAML would silently keep as part of the text.
 */
export function parseYaml(text: string, file: string, code: ErrorCode): { data: unknown; locate: Locate; problems: FileProblem[] } {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const locate: Locate = (path, key = false, offset) => {
    if (offset !== undefined) {
      const inside = locateInScalar(doc, text, path, offset);
      if (inside !== undefined) return pos(at(inside));
    }
    return locateNode(doc, path, key, at);
  };
  const problem = (offset: number, message: string): FileProblem => {
    const { line, col } = at(offset);
    return { file, line, column: col, code, message };
  };
  // The first error only: what follows it is mostly the parser losing its way.
  const error = doc.errors[0];
  if (error) {
    const advice = yamlAdvice(text, { code: error.code, offset: error.pos[0], message: error.message });
    return { data: undefined, locate, problems: [problem(advice.offset, advice.message)] };
  }
  const curly = curlyQuoted(doc, text);
  if (curly) return { data: undefined, locate, problems: [problem(curly.offset, curly.message)] };
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), locate, problems: [] };
  } catch (e) {
    return { data: undefined, locate, problems: [{ file, line: 1, column: 1, code, message: `YAML: ${(e as Error).message}` }] };
  }
}

/** The first plain key or value typed in curly quotes (“…”), which YAML reads as part of the text. */
function curlyQuoted(doc: Document, text: string): { offset: number; message: string } | undefined {
  const { visit } = yaml();
  let found: { offset: number; message: string } | undefined;
  visit(doc, {
    Scalar(_, node) {
      if (node.type !== "PLAIN" || !node.range || !/^[“‘„]/.test(text.slice(node.range[0], node.range[0] + 1))) return undefined;
      found = curlyQuotedValue(text, node.range[0]);
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

/** ajv's errors as located problems in words a rule author understands. */
export function schemaProblems(errors: ErrorObject[], file: string, locate: Locate, schema: object, code: ErrorCode): FileProblem[] {
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  // A misspelt key ("fnd") also makes the real one ("find") missing: say it once.
  const misspelt = new Set(
    errors
      .filter((e) => e.keyword === "additionalProperties")
      .map((e) => {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        return `${e.instancePath}/${didYouMean(key, allowedKeys(e, schema)) ?? ""}`;
      }),
  );
  // Text that YAML read as a mapping or a list: one problem saying why, not one per anyOf branch.
  const misread = new Map<string, string>();
  for (const e of errors) {
    const why = e.keyword === "anyOf" ? misreadText(e) : undefined;
    if (why) misread.set(e.instancePath, why);
  }
  for (const e of errors) {
    const why = misread.get(e.instancePath);
    if (why !== undefined || [...misread.keys()].some((p) => e.instancePath.startsWith(`${p}/`))) {
      if (e.keyword !== "anyOf" || why === undefined) continue;
      const at = e.instancePath.split("/").slice(1);
      problems.push({ file, ...locate(at), code, message: why });
      continue;
    }
    if (e.keyword === "required" && misspelt.has(`${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`)) continue;
    const path = e.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let message: string;
    let where = locate(path);
    if (e.keyword === "additionalProperties") {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = allowedKeys(e, schema);
      const hint = didYouMean(key, allowed);
      message = `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : allowed.length ? ` (expected one of: ${allowed.join(", ")})` : ""}`;
      where = locate([...path, key], true);
    } else if (e.keyword === "required") {
      message = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"${path.length ? ` in ${path.join(".")}` : ""}`;
    } else if (e.keyword === "enum") {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const got = String(e.data);
      const hint = didYouMean(got, allowed);
      message = `${path.join(".")} is "${got}", which must be one of: ${allowed.join(", ")}${hint ? ` (did you mean "${hint}"?)` : ""}`;
    } else if (e.keyword === "const") {
      message = `${path.join(".")} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    } else if (e.keyword === "type") {
      message = `${path.join(".") || "the file"} must be ${(e.params as { type: string }).type === "object" ? "a mapping of keys to values" : `a ${(e.params as { type: string }).type}`}`;
    } else if (e.keyword === "pattern" && path.join(".") === "id") {
      message = "id must be lower-case words joined by hyphens, like governing-law";
    } else {
      message = `${path.join(".") || "the file"} ${e.message ?? "is invalid"}`;
    }
    const k = `${where.line}:${where.column}:${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push({ file, ...where, code, message });
  }
  return problems;
}

/**
 * Why a value that should be text (a pattern) is not: `- prospectus: supplement` is a mapping to
 * YAML, because of its ": ", and `- [the] ...` alone a list. Undefined for any other anyOf failure.
 */
function misreadText(e: ErrorObject): string | undefined {
  const branches = (e.schema as { type?: string }[] | undefined) ?? [];
  if (!Array.isArray(branches) || !branches.some((b) => b.type === "string")) return undefined;
  const data: unknown = e.data;
  if (Array.isArray(data)) return "this is read as a list because it starts with [: put the whole text in single quotes";
  if (data === null || typeof data !== "object") return undefined;
  const entries = Object.entries(data);
  const known = branches.flatMap((b) => Object.keys((b as { properties?: object }).properties ?? {}));
  const [first] = entries;
  if (entries.length !== 1 || !first || known.includes(first[0]) || (first[1] !== null && typeof first[1] === "object")) return undefined;
  const text = `${first[0]}: ${first[1] ?? ""}`.trimEnd();
  return `this is read as a key and its value because of the ": " in it: put the whole text in single quotes: '${text.replace(/'/g, "''")}'`;
}

/**
 * The keys allowed where an `additionalProperties` error stands: the properties of the schema
 * object that failed. ajv gives that object as `parentSchema` (the validators are compiled
 * verbose); its `schemaPath` alone is relative to a `$ref`'d definition in the precompiled
 * validators ("#/additionalProperties" for a requirement), so it is only the fallback.
 */
function allowedKeys(e: ErrorObject, schema: object): string[] {
  let node: unknown = e.parentSchema;
  if (!node) {
    node = schema;
    for (const p of e.schemaPath.replace(/^#\//, "").split("/").slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[p];
  }
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== "$schema") : [];
}

/**
 * The file offset of character `offset` of the text value at `path`: plain and quoted scalars,
 * where a line break and its indentation stand for one space. Undefined for block scalars
 * (`>` and `|`) and anything else, which are located at their start.
 */
function locateInScalar(doc: Document, text: string, path: (string | number)[], offset: number): number | undefined {
  const { isScalar } = yaml();
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range || typeof node.value !== "string") return undefined;
  const type = node.type;
  if (type !== "PLAIN" && type !== "QUOTE_SINGLE" && type !== "QUOTE_DOUBLE") return undefined;
  let i = node.range[0] + (type === "PLAIN" ? 0 : 1);
  const end = node.range[1];
  for (let k = 0; k < offset && i < end; k++) {
    if (text[i] === "\r" || text[i] === "\n" || ((text[i] === " " || text[i] === "\t") && /^[ \t]*\r?\n/.test(text.slice(i, i + 200)))) {
      while (i < end && /\s/.test(text[i] as string)) i++;
      continue;
    }
    // An escaped quote ('' or \") is one character of the value.
    if ((type === "QUOTE_SINGLE" && text.startsWith("''", i)) || (type === "QUOTE_DOUBLE" && text[i] === "\\")) i += 2;
    else i++;
  }
  return i;
}

/** Line and column of the node at `path` (or of its key), falling back to the nearest ancestor. */
function locateNode(
  doc: Document,
  path: (string | number)[],
  key: boolean,
  at: (offset: number) => { line: number; col: number },
): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n).map((s) => (typeof s === "string" && /^\d+$/.test(s) ? Number(s) : s));
    if (key && n === path.length && n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
      const { isMap, isPair, isScalar } = yaml();
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(p[n - 1]));
        const range = (pair?.key as Node | undefined)?.range;
        if (range) return pos(at(range[0]));
      }
      continue;
    }
    const node = n === 0 ? doc.contents : (doc.getIn(p, true) as Node | undefined);
    if (node && typeof node === "object" && "range" in node && node.range) return pos(at(node.range[0]));
  }
  return { line: 1, column: 1 };
}

function pos(p: { line: number; col: number }): { line: number; column: number } {
  return { line: p.line, column: p.col };
}
