/**
 * Advice for a YAML mistake, in the words of the person who made it. The yaml parser says
 * where it gave up and why in its own terms ("Nested mappings are not allowed in compact
 * mappings"); a lawyer editing a rule needs the line to change and what to type. This module
 * reads the text around the parser's first error and names the usual mistakes: a line indented
 * unlike its neighbours, a tab, curly quotes typed for straight ones, a value that must be
 * quoted (`*file* …`, `[the] …`, `Governing law: choice of law`), an unclosed quote, an
 * apostrophe inside single quotes, a key given twice. Pure functions of the text.
 */
import { indentationAdvice } from "./yaml-indentation.js";
import { type Line, lineAt, shapeOf, splitLines, withoutComment } from "./yaml-lines.js";


/** The parser's first error: its code (yaml's `YAMLError.code`), where it stands and its own words. */
export interface YamlError {
  code: string;
  /** Offset in the text, from 0. */
  offset: number;
  message: string;
}

/** What to tell the user, and the offset (from 0) of the character to point at. */
export interface YamlAdvice {
  offset: number;
  message: string;
}

/** Errors the parser gives when a line is indented unlike the lines it belongs with. */
const INDENTATION_CODES = new Set(["BAD_INDENT", "MULTILINE_IMPLICIT_KEY", "BLOCK_AS_IMPLICIT_KEY", "MISSING_CHAR", "UNEXPECTED_TOKEN"]);

/** Opening curly quotes and the closing one that matches each. */
const CURLY: Record<string, string> = { "“": "”", "‘": "’", "„": "“" };

/** Characters that mean something to YAML at the start of a value. */
const SPECIAL_START = new Set(["*", "&", "!", "[", "{", "%", "@", "`"]);

/** The advice for the parser's first error; its own message when no usual mistake explains it. */
export function yamlAdvice(text: string, error: YamlError): YamlAdvice {
  const lines = splitLines(text);
  const errorLine = lineAt(lines, error.offset);
  return (
    (error.code === "TAB_AS_INDENT" ? tabAdvice(lines, errorLine) : undefined) ??
    curlyAdvice(lines[errorLine] as Line) ??
    quoteAdvice(text, lines, error) ??
    specialStartAdvice(lines[unclosedFlowLine(lines, errorLine, error) ?? errorLine] as Line) ??
    colonAdvice(lines[errorLine] as Line, error) ??
    (INDENTATION_CODES.has(error.code) ? indentationAdvice(lines, errorLine) : undefined) ??
    (error.code === "DUPLICATE_KEY" ? duplicateAdvice(lines, errorLine, error.offset) : undefined) ??
    (error.code === "BAD_DQ_ESCAPE" ? escapeAdvice(text, error.offset) : undefined) ?? {
      offset: error.offset,
      message: `not valid YAML: ${error.message.split("\n")[0]}`,
    }
  );
}

/**
 * The advice for a value in curly quotes the parser accepted (“…” or ‘…’ read as plain text, the
 * quotes part of it), given the offset where the value starts; undefined when it is not one.
 */
export function curlyQuotedValue(text: string, offset: number): YamlAdvice | undefined {
  const lines = splitLines(text);
  const line = lines[lineAt(lines, offset)] as Line;
  return curlyAt(line, offset - line.offset);
}

/** A value in curly quotes: it starts with an opening one and the line ends with its closing one. */
function curlyAt(line: Line, column: number): YamlAdvice | undefined {
  const open = line.text[column] as string;
  const close = CURLY[open];
  if (!close) return undefined;
  const body = withoutComment(line.text).slice(column);
  if (body.length < 2 || !body.endsWith(close) || body.slice(1, -1).includes(close === "’" ? "‘" : close)) return undefined;
  const inner = body.slice(1, -1);
  const straight = inner.includes("'") ? `"${inner.replace(/["\\]/g, "\\$&")}"` : `'${inner}'`;
  return {
    offset: line.offset + column,
    message: `${open} and ${close} are curly (typographic) quotes, which YAML does not read as quotes: type straight ones instead, ${straight}`,
  };
}

function curlyAdvice(line: Line): YamlAdvice | undefined {
  const s = shapeOf(line.text);
  const starts = [s.inner, ...(s.valueAt >= 0 ? [s.valueAt] : [])];
  for (const c of starts) {
    const advice = curlyAt(line, c);
    if (advice) return advice;
  }
  return undefined;
}

function tabAdvice(lines: Line[], at: number): YamlAdvice | undefined {
  const line = lines[at] as Line;
  const tab = line.text.indexOf("\t");
  if (tab < 0) return undefined;
  return { offset: line.offset + tab, message: `line ${at + 1} is indented with a tab; YAML needs spaces: replace the tab with spaces` };
}

/** An unclosed quote, or an apostrophe that closed single quotes early. */
function quoteAdvice(text: string, lines: Line[], error: YamlError): YamlAdvice | undefined {
  if (error.code === "MISSING_CHAR" && /quote/i.test(error.message)) {
    const quote = error.message.includes('"') ? '"' : "'";
    const opened = openingQuote(lines, quote);
    if (opened !== undefined) {
      return { offset: opened, message: `the ${quote} that starts this value is never closed: end the value with ${quote} on this line` };
    }
  }
  if (error.code === "UNEXPECTED_TOKEN") {
    const line = lines[lineAt(lines, error.offset)] as Line;
    const s = shapeOf(line.text);
    const quote = line.text[s.valueAt];
    const before = text.slice(line.offset, error.offset).trimEnd();
    if (s.valueAt >= 0 && (quote === "'" || quote === '"') && before.endsWith(quote) && before.length - 1 > s.valueAt) {
      const closing = line.offset + before.length - 1;
      if (quote === "'" && closing === error.offset - 1) {
        return { offset: closing, message: "this ' ends the value begun with ' on this line: to write ' inside single quotes, type it twice ('')" };
      }
      return { offset: error.offset, message: `this text stands after the ${quote} that closes the value: put the whole value inside the quotes` };
    }
  }
  return undefined;
}

/** Inside double quotes a backslash starts an escape (`"\s+"` is an error): single quotes take it as written. */
function escapeAdvice(text: string, offset: number): YamlAdvice {
  const escape = text.slice(offset, offset + 2);
  return {
    offset,
    message: `inside double quotes, ${escape} is read as an escape sequence, and is none: put the value in single quotes, which take \\ as written`,
  };
}

/** For "Flow sequence … must end with a ]": the line, at or before the error, whose value opens the bracket. */
function unclosedFlowLine(lines: Line[], errorLine: number, error: YamlError): number | undefined {
  const m = /^Flow (sequence|map)\b/.exec(error.message);
  if (!m) return undefined;
  const [open, close] = m[1] === "sequence" ? ["[", "]"] : ["{", "}"];
  for (let i = errorLine; i >= 0; i--) {
    const s = shapeOf((lines[i] as Line).text);
    if (s.value.startsWith(open) && !s.value.includes(close)) return i;
  }
  return undefined;
}

/** The offset of the last value that opens a quote and does not close it on its line. */
function openingQuote(lines: Line[], quote: string): number | undefined {
  let found: number | undefined;
  for (const line of lines) {
    const s = shapeOf(line.text);
    if (s.valueAt < 0 || line.text[s.valueAt] !== quote) continue;
    const rest = line.text.slice(s.valueAt + 1);
    const closed = quote === "'" ? /(?:^|[^'])(?:'')*'(?!')/.test(rest) : /(?:^|[^\\])"/.test(rest);
    if (!closed) found = line.offset + s.valueAt;
  }
  return found;
}

/**
 * A value starting with a character YAML reserves (`*file* …`, `[the] …`, `{exchange} …`) must be
 * quoted. A list or mapping written in brackets (`[New York, Delaware]`, `{ form: S-3 }`) that
 * closes where the value ends is meant as one: its error lies elsewhere.
 */
function specialStartAdvice(line: Line): YamlAdvice | undefined {
  const s = shapeOf(line.text);
  const at = s.valueAt >= 0 ? s.valueAt : -1;
  const first = line.text[at];
  if (at < 0 || first === undefined || !SPECIAL_START.has(first)) return undefined;
  const value = s.value;
  const quoted = `'${value.replace(/'/g, "''")}'`;
  if (first === "[" || first === "{") {
    const close = first === "[" ? "]" : "}";
    const end = closingBracket(value);
    if (end < 0) {
      return { offset: line.offset + at, message: `the ${first} here is never closed with ${close}; if this is a pattern, put it in single quotes: ${quoted}` };
    }
    if (value.slice(end + 1).trim() === "") return undefined;
  }
  return { offset: line.offset + at, message: `a value that starts with ${first} must be put in single quotes: ${quoted}` };
}

/** The index of the bracket that closes the one `text` starts with, or -1. */
function closingBracket(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** ": " inside a plain value starts a key in YAML. */
function colonAdvice(line: Line, error: YamlError): YamlAdvice | undefined {
  if (error.code !== "BLOCK_AS_IMPLICIT_KEY") return undefined;
  const s = shapeOf(line.text);
  if (s.valueAt < 0 || /^['"]/.test(s.value) || !/:(?:\s|$)/.test(s.value)) return undefined;
  const quoted = `'${s.value.replace(/'/g, "''")}'`;
  return {
    offset: line.offset + s.valueAt,
    message: `the value holds ": ", which YAML reads as the start of another key: put the whole value in single quotes: ${s.key ? `${s.key}: ` : ""}${quoted}`,
  };
}

function duplicateAdvice(lines: Line[], at: number, offset: number): YamlAdvice | undefined {
  const s = shapeOf((lines[at] as Line).text);
  if (s.key === undefined) return undefined;
  for (let i = at - 1; i >= 0; i--) {
    const o = shapeOf((lines[i] as Line).text);
    if (o.key === s.key && o.inner === s.inner) {
      return { offset, message: `"${s.key}" is given twice here (also on line ${i + 1}): keep one, or merge them` };
    }
  }
  return { offset, message: `"${s.key}" is given twice here: keep one, or merge them` };
}
