/**
 * A small, strict CSV reader (RFC 4180 as spreadsheets and Python's csv module write it):
 * fields separated by commas, records by CRLF, LF or CR; a field in double quotes may hold
 * commas, line breaks and doubled quotes (`""` is one `"`). A byte-order mark is skipped and
 * a final line break does not start an empty record.
 *
 * Also reads the Python-style list of strings CUAD writes in `governing_law_clause`
 * (`['a', "b's"]`).
 */

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

/** Reads CSV text into records of fields. Throws CsvError on a quote out of place or left open. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  /** True when the current field began with a quote (and so its text is final at the closing quote). */
  let quotedField = false;
  /** True right after a record ended: nothing of the next record has been read yet. */
  let atRecordStart = true;
  const column = (at: number) => at - lineStart + 1;

  const endField = () => {
    record.push(field);
    field = "";
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
    atRecordStart = true;
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' && field === "" && !quotedField) {
      // A quoted field: read to the closing quote.
      const openLine = line;
      const openColumn = column(i);
      quotedField = true;
      atRecordStart = false;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError("a quoted field is not closed", openLine, openColumn);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\r" || q === "\n") {
          // A line break inside quotes belongs to the field (CRLF kept as written).
          if (q === "\r" && text[i + 1] === "\n") {
            field += "\r\n";
            i += 2;
          } else {
            field += q;
            i++;
          }
          line++;
          lineStart = i;
          continue;
        }
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        throw new CsvError(`unexpected ${JSON.stringify(next)} after the closing quote of a field (write "" for a quote inside a quoted field)`, line, column(i));
      }
      continue;
    }
    if (c === ",") {
      atRecordStart = false;
      endField();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    if (c === '"') throw new CsvError("a quote inside an unquoted field (quote the whole field and write the quote twice)", line, column(i));
    atRecordStart = false;
    field += c;
    i++;
  }
  if (!atRecordStart) endRecord();
  return records;
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
