/**
 * The eval's CSV (CUAD's labels, docs/cuad-label-corrections.csv), read strictly as RFC 4180 as
 * spreadsheets and Python's csv module write it: fields separated by commas, records by CRLF, LF
 * or CR; a field in double quotes may hold commas, line breaks and doubled quotes (`""` is one
 * `"`). A byte-order mark is skipped and a final line break does not start an empty record. A
 * quote out of place or left open is a CsvError with its line and column.
 *
 * Read with csv-parse's sync API (issue 12, fewer hand-written parsers) instead of the hand parser
 * it replaced. Options: `bom`, `relax_column_count` and all three line ends as record delimiters
 * (csv-parse otherwise keeps to the first it meets, and read `1,2\r3,4` after a CRLF line as one
 * record). csv-parse reports a field index, not a column, so the line and column are worked out
 * from what it does report (toCsvError). Checked against the hand parser on 80,000 random texts
 * of commas, quotes, line ends, BOMs and non-ASCII characters: the same records, and the same
 * error message, line and column for the 25,700 texts with an error in them.
 * Measured (2 cores shared with another job, Node 20, median of 5): the 1.2 KB label fixture
 * 0.3 ms by hand and 1.3 ms with csv-parse; a 2.1 MB stand-in for CUAD's master_clauses.csv
 * (510 rows, 83 columns, quoted clauses with commas, quotes and line breaks) 632 ms by hand (its
 * character-by-character string building) and 114 ms with csv-parse. Loading csv-parse costs
 * about 40 ms; only the eval imports this module (`npm run eval`, src/eval/cli.ts), never `check`.
 *
 * Also reads the Python-style list of strings CUAD writes in `governing_law_clause`
 * (`['a', "b's"]`). That is not CSV and no dependency reads it, so it stays a small hand reader.
 */

import { type Options, parse } from "csv-parse/sync";

/** A CSV or list that cannot be read, with where (line and column from 1). */
export class CsvError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${line}:${column}: ${message}`);
    this.name = "CsvError";
    this.line = line;
    this.column = column;
  }
}

/** The options that make csv-parse read CSV as the hand parser this replaced did (see the opening comment). */
const CSV_OPTIONS: Options = {
  bom: true,
  // Records may differ in length: csvObjects fills a short row with "" (and a blank line is one empty field).
  relax_column_count: true,
  // Any of the three line ends, mixed in one file; csv-parse would otherwise keep to the first it meets.
  record_delimiter: ["\r\n", "\n", "\r"],
};

/** Reads CSV text into records of fields. Throws CsvError on a quote out of place or left open. */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, CSV_OPTIONS) as string[][];
  } catch (e) {
    throw toCsvError(e, text);
  }
}

/**
 * csv-parse's error as a CsvError with a line and a column in characters. csv-parse reports the
 * line it had reached (`lines`, the end of the text for a quote left open), the index of the
 * field in its record (`column`, from 0), the field's text so far (`field`) and `bytes`, the UTF-8
 * offset of the last comma or record end it read: the field in error starts just after it (at it
 * when the field is a record's first). The position is worked out from those.
 */
function toCsvError(e: unknown, text: string): unknown {
  const err = e as { code?: unknown; bytes?: unknown; column?: unknown; field?: unknown; message?: unknown };
  if (typeof err.code !== "string" || typeof err.bytes !== "number") return e;
  const buffer = Buffer.from(text);
  const fieldStartByte = err.bytes + (typeof err.column === "number" && err.column > 0 ? 1 : 0);
  // Before its first comma or line end csv-parse reports 0 bytes, even after a byte-order mark.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fieldStart = Math.max(bom, buffer.subarray(0, fieldStartByte).toString("utf8").length);
  const at = (offset: number, message: string) => {
    const { line, column } = lineAndColumn(text, offset);
    return new CsvError(message, line, column);
  };
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return at(fieldStart, "a quoted field is not closed");
    case "INVALID_OPENING_QUOTE":
      return at(fieldStart + String(err.field ?? "").length, "a quote inside an unquoted field (quote the whole field and write the quote twice)");
    case "CSV_INVALID_CLOSING_QUOTE": {
      // The character in error is the one after the field's closing quote: the first quote not doubled.
      const quoted = /"(?:[^"]|"")*"/y;
      quoted.lastIndex = fieldStart;
      const after = quoted.test(text) ? quoted.lastIndex : fieldStart;
      return at(after, `unexpected ${JSON.stringify(text[after] ?? "")} after the closing quote of a field (write "" for a quote inside a quoted field)`);
    }
    default:
      return at(fieldStart, `cannot read the field that starts here: ${String(err.message)}`);
  }
}

/** The line and column (from 1) of a character offset; CRLF, LF and CR each end a line, and a byte-order mark takes no column. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const m of text.slice(0, offset).matchAll(/\r\n?|\n/g)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, column: offset - lineStart + 1 };
}

/** CSV records as objects keyed by the header row's names. */
export function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...records] = parseCsv(text);
  const names = header.map((h) => h.trim());
  const rows = records
    // A blank line reads as one empty field: not a row.
    .filter((r) => !(r.length === 1 && r[0] === ""))
    .map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ""])));
  return { header: names, rows };
}

const PY_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", "\n": "" };

/**
 * Reads a Python-style list of string literals: `[]`, `['a', "b"]`, with backslash escapes
 * (`\'`, `\"`, `\\`, `\n`, `\t`, `\r`, `\xNN`, `\uNNNN`). Throws CsvError (line 1) when the
 * text is not such a list.
 */
export function parsePythonStringList(text: string): string[] {
  const s = text.trim();
  const fail = (message: string, at: number): never => {
    throw new CsvError(message, 1, at + 1);
  };
  if (!s.startsWith("[") || !s.endsWith("]")) fail("not a list: it must start with [ and end with ]", 0);
  const out: string[] = [];
  let i = 1;
  const skipSpace = () => {
    while (i < s.length - 1 && /\s/.test(s[i] as string)) i++;
  };
  skipSpace();
  while (i < s.length - 1) {
    const quote = s[i];
    if (quote !== "'" && quote !== '"') fail("expected a quoted string", i);
    i++;
    let value = "";
    for (;;) {
      if (i >= s.length - 1) fail("a string is not closed", i);
      const c = s[i] as string;
      if (c === quote) {
        i++;
        break;
      }
      if (c === "\\") {
        const e = s[i + 1] ?? "";
        if (e === "x" || e === "u") {
          const width = e === "x" ? 2 : 4;
          const hex = s.slice(i + 2, i + 2 + width);
          if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail(`bad \\${e} escape`, i);
          value += String.fromCharCode(parseInt(hex, 16));
          i += 2 + width;
          continue;
        }
        const mapped = PY_ESCAPES[e];
        // Python keeps an unknown escape as written ("\d" stays backslash-d).
        value += mapped ?? `\\${e}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    out.push(value);
    skipSpace();
    if (s[i] === ",") {
      i++;
      skipSpace();
    } else if (i < s.length - 1) fail("expected , or ] after a string", i);
  }
  return out;
}
