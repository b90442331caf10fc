/**
 * The fuzz properties of issue 6, shared by the bounded property tests (test/fuzz/*.test.ts,
 * against src/) and the long campaign (fuzz/campaign.mjs, against dist/). The library and the
 * schema validators are passed in, so the same properties run against either build.
 *
 * For every input:
 *  - reading, parsing and checking throws nothing but a ClauseCheckError;
 *  - every Span of the Agreement and every Evidence of the report lies inside the file
 *    (offsets within the text, lines between 1 and lineCount, columns within their line);
 *  - the Agreement validates against schemas/agreement.schema.json and the report against
 *    schemas/report.schema.json.
 * For the rule loader: readRuleFile / validateRules never throw and every problem is located
 * at a line and column from 1.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NESTED_QUANTIFIER_PATTERNS, edgarSubmission } from "./shapes.mjs";

/** Tokens that mean something to one of the readers or the parser. */
export const TOKENS = [
  "<PAGE>", "<PAGE>\n", "\n<PAGE>\n", "<DOCUMENT>", "</DOCUMENT>", "<DOCUMENT>\n<TYPE>EX-10.1\n<TEXT>\n", "<TYPE>EX-10.47\n", "<TEXT>", "</TEXT>",
  "<SEQUENCE>2\n", "<FILENAME>x.txt\n", "<DESCRIPTION>AGREEMENT\n", "(a)", "(b) ", "(iv)", "(A)", "Section 1.", "Section 2.1 ", "SECTION 7. ",
  "1.", "12.3(b) ", "ARTICLE IV\n", "Article II ", "\"", "“", "”", "'", "’", "\"Trading Market\" means ", "(the \"Company\")", "\r\n", "\r", "\n",
  "\n\n", "\0", "\f", "\t", "\u2028", "\ufeff", "\ud800", "\udc00", "&#147;", "&#148;", "&nbsp;", "&amp;", "<p>", "</p>", "<table><tr><td>",
  "<br>", "<html>", "<!--", "-\n", "[image.jpg]", "\n- 3 -\n", "\nPage 3\n", "\n------\n", "EXHIBIT B\n", "SCHEDULE 1\n", "IN WITNESS WHEREOF",
  "By: /s/ JAY L. KING\n", "Name:", "Title:", "has not filed", "shall file", "if the Company has filed", "Form S-1", "Form S-3", "OTCQB",
  "the laws of the State of ", "counterparts", "facsimile", "prospectus supplement", "November 29, 1999", "TABLE OF CONTENTS\n", "........ 12\n",
];

/** Characters whose runs make regular expressions work hard. */
const RUN_UNITS = ["a", "A", " ", "1", ".", "-", "(a) ", "\"", "word ", "Section 1.1 ", "laws of the State of ", "\n", "\r\n", "<PAGE>", "_", "’"];

/** An arbitrary that edits a text: insert, delete, replace, duplicate lines, inject tokens, long runs. */
export function mutationArb(fc, { maxEdits = 8, maxRun = 20_000 } = {}) {
  const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("insert"), at, text: fc.string({ unit: "binary", maxLength: 40 }) }),
    fc.record({ kind: fc.constant("insert"), at, text: fc.string({ unit: "grapheme", maxLength: 40 }) }),
    fc.record({ kind: fc.constant("delete"), at, length: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant("replace"), at, text: fc.string({ unit: "binary", minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant("duplicate-line"), at, times: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant("delete-line"), at }),
    fc.record({ kind: fc.constant("token"), at, text: fc.constantFrom(...TOKENS) }),
    fc.record({ kind: fc.constant("run"), at, text: fc.constantFrom(...RUN_UNITS), times: fc.integer({ min: 1, max: maxRun }) }),
    fc.record({ kind: fc.constant("crlf") }),
    fc.record({ kind: fc.constant("swap"), at, at2: at }),
  );
  return fc.array(edit, { minLength: 1, maxLength: maxEdits });
}

/** Applies edits made by mutationArb. */
export function applyEdits(text, edits) {
  let t = text;
  for (const e of edits) {
    const i = e.at === undefined ? 0 : Math.floor(e.at * (t.length + 1));
    switch (e.kind) {
      case "insert":
      case "token":
        t = t.slice(0, i) + e.text + t.slice(i);
        break;
      case "run":
        t = t.slice(0, i) + e.text.repeat(Math.max(1, Math.floor(e.times / e.text.length))) + t.slice(i);
        break;
      case "delete":
        t = t.slice(0, i) + t.slice(i + e.length);
        break;
      case "replace":
        t = t.slice(0, i) + e.text + t.slice(i + e.text.length);
        break;
      case "crlf":
        t = t.replace(/\r?\n/g, "\r\n");
        break;
      case "duplicate-line":
      case "delete-line": {
        const s = t.lastIndexOf("\n", i - 1) + 1;
        const n = t.indexOf("\n", i);
        const end = n < 0 ? t.length : n + 1;
        const line = t.slice(s, end);
        t = e.kind === "delete-line" ? t.slice(0, s) + t.slice(end) : t.slice(0, end) + (line.endsWith("\n") ? line : `${line}\n`).repeat(e.times) + t.slice(end);
        break;
      }
      case "swap": {
        const j = Math.floor(e.at2 * (t.length + 1));
        const [a, b] = i < j ? [i, j] : [j, i];
        const len = Math.min(200, b - a);
        t = t.slice(0, a) + t.slice(b, b + len) + t.slice(a + len, b) + t.slice(a, a + len) + t.slice(b + len);
        break;
      }
    }
  }
  return t;
}

/** Encodes a text as a file might hold it. */
export function encode(text, encoding) {
  switch (encoding) {
    case "utf-8":
      return Buffer.from(text, "utf8");
    case "utf-8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf-16le":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf-16be":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
    case "latin1":
      return Buffer.from(text, "latin1");
    default:
      throw new Error(`unknown encoding ${encoding}`);
  }
}
export const ENCODINGS = ["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "latin1"];

/** Line starts of a text, counted as LineIndex counts them (\n, \r\n, lone \r). */
function lineLengths(text) {
  const lengths = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      lengths.push(i - start - (c === 10 && text.charCodeAt(i - 1) === 13 ? 1 : 0));
      start = i + 1;
    }
  }
  lengths.push(text.length - start);
  return lengths;
}

/** Every Span of an Agreement, with the path to it. */
export function agreementSpans(a) {
  const spans = [];
  if (a.date) spans.push(["date.span", a.date.span]);
  a.parties.forEach((p, i) => spans.push([`parties[${i}].span`, p.span]));
  a.definedTerms.forEach((t, i) => {
    spans.push([`definedTerms[${i}].definitionSpan`, t.definitionSpan], [`definedTerms[${i}].definedAt`, t.definedAt]);
    t.uses.forEach((u, j) => spans.push([`definedTerms[${i}].uses[${j}]`, u]));
  });
  const walk = (list, path) =>
    list.forEach((s, i) => {
      spans.push([`${path}[${i}].span`, s.span]);
      walk(s.children, `${path}[${i}].children`);
    });
  walk(a.sections, "sections");
  a.signatures.forEach((s, i) => spans.push([`signatures[${i}].span`, s.span]));
  a.attachments.forEach((s, i) => spans.push([`attachments[${i}].span`, s.span]));
  return spans;
}

/** Problems with the positions of an Agreement and a DocumentReport, as readable strings. */
export function positionProblems(source, agreement, report) {
  const problems = [];
  const textLength = source.text.length;
  const fileText = source.map ? source.map.fileText : source.text;
  let lengths = lineLengths(fileText);
  // An exhibit cut out of a submission (source.base): its lines stand from base.line of the
  // file, its first line from base.column; the file's other lines are out of its reach (length 0).
  if (source.base) {
    const { line, column, lineCount: fileLines } = source.base;
    lengths = [...Array(line - 1).fill(0), (lengths[0] ?? 0) + column - 1, ...lengths.slice(1)];
    lengths.push(...Array(Math.max(0, fileLines - lengths.length)).fill(0));
  }
  const lineCount = agreement.lineCount;
  const lineOk = (l) => Number.isInteger(l) && l >= 1 && l <= lineCount;
  const columnOk = (l, c, plus) => Number.isInteger(c) && c >= 1 && (!lineOk(l) || c <= (lengths[l - 1] ?? 0) + 1 + plus);
  if (!Number.isInteger(lineCount) || lineCount < 1 || lineCount > lengths.length) problems.push(`lineCount ${lineCount} but the file has ${lengths.length} lines`);
  for (const [path, s] of agreementSpans(agreement)) {
    const where = `${path} ${JSON.stringify(s)}`;
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= textLength)) problems.push(`${where}: offsets outside 0..${textLength}`);
    if (!lineOk(s.line) || !lineOk(s.endLine)) problems.push(`${where}: line outside 1..${lineCount}`);
    else if (s.endLine < s.line || (s.endLine === s.line && s.endColumn < s.column)) problems.push(`${where}: ends before it starts`);
    if (!columnOk(s.line, s.column, 0)) problems.push(`${where}: column outside its line (${lengths[s.line - 1]} characters)`);
    if (!columnOk(s.endLine, s.endColumn, 1)) problems.push(`${where}: endColumn outside its line (${lengths[s.endLine - 1]} characters)`);
  }
  for (const r of report.results) {
    r.evidence.forEach((e, i) => {
      const where = `results[${r.ruleId}].evidence[${i}] ${JSON.stringify({ ...e, text: e.text.slice(0, 40) })}`;
      if (!(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= textLength)) problems.push(`${where}: offset outside 0..${textLength}`);
      if (!lineOk(e.line) || !lineOk(e.endLine)) problems.push(`${where}: line outside 1..${lineCount}`);
      else if (e.endLine < e.line) problems.push(`${where}: ends before it starts`);
      if (!columnOk(e.line, e.column, 0)) problems.push(`${where}: column outside its line`);
      if (!columnOk(e.endLine, e.endColumn, 1)) problems.push(`${where}: endColumn outside its line`);
      if (e.file !== source.file) problems.push(`${where}: file ${e.file}, not ${source.file}`);
    });
  }
  return problems;
}

const describe = (errors) => (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message}`).join("; ");

/**
 * Reads (from bytes, or text), parses and checks one input; returns what is wrong, or [] when
 * all holds (a ClauseCheckError counts as a correct refusal). Anything else thrown propagates.
 * `env`: { lib, rules, validateAgreement, validateReport }.
 */
export async function checkInputProperty(env, input) {
  const { lib } = env;
  // The campaign's trace: the case under way, written before it runs, to find a case that hangs.
  if (env.trace) writeFileSync(env.trace, JSON.stringify({ file: input.file, text: input.text, bytes: input.bytes && Buffer.from(input.bytes).toString("base64") }));
  let sources;
  try {
    if (input.bytes !== undefined && input.all && lib.sourcesFromBytes) sources = await lib.sourcesFromBytes(input.bytes, input.file);
    else if (input.bytes !== undefined) sources = [await lib.sourceFromBytes(input.bytes, input.file)];
    else sources = [lib.sourceFromText(input.text, input.file)];
  } catch (e) {
    if (lib.isClauseCheckError(e)) return refusalProblems(e, input.file);
    throw e;
  }
  const problems = [];
  for (const source of sources) {
    let agreement;
    let doc;
    try {
      agreement = lib.parseAgreement(source);
      doc = await lib.checkAgreement(source, env.rules, agreement);
    } catch (e) {
      if (lib.isClauseCheckError(e)) return refusalProblems(e, input.file);
      throw e;
    }
    // The Agreement as `clausecheck parse` prints it: through JSON.
    const json = JSON.parse(JSON.stringify(agreement));
    if (!env.validateAgreement(json)) problems.push(`agreement.schema.json: ${describe(env.validateAgreement.errors)}`);
    const report = JSON.parse(JSON.stringify(lib.buildReport(env.rules, [doc], [])));
    if (!env.validateReport(report)) problems.push(`report.schema.json: ${describe(env.validateReport.errors)}`);
    if (doc.results.length !== env.rules.rules.length) problems.push(`${doc.results.length} results for ${env.rules.rules.length} rules`);
    problems.push(...positionProblems(source, agreement, doc));
  }
  return problems;
}

function refusalProblems(e, file) {
  const problems = [];
  if (typeof e.code !== "string" || e.code === "") problems.push(`ClauseCheckError without a code: ${e.message}`);
  if (!e.message || /\n/.test(e.toLine())) problems.push(`ClauseCheckError ${e.code} is not one line: ${JSON.stringify(e.toLine())}`);
  if (e.file !== file) problems.push(`ClauseCheckError ${e.code} names ${e.file}, not ${file}`);
  return problems;
}

/**
 * Writes `text` as rule file `name` into a fresh folder under `root` and loads it through
 * readRuleFile and validateRules; returns what is wrong ([] when all holds). Anything thrown
 * propagates. When the rule loads, it is run on `seedSource` too.
 */
let ruleDirs = 0;
export async function checkRuleTextProperty(env, root, name, text, seedSource) {
  const { lib } = env;
  const dir = join(root, `r${process.pid}-${ruleDirs++}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  const problems = [];
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const located = (list, how) => {
    for (const p of list) {
      if (!(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount + 1)) problems.push(`${how}: line ${p.line} outside 1..${lineCount}: ${p.code} ${p.message}`);
      if (!(Number.isInteger(p.column) && p.column >= 1)) problems.push(`${how}: column ${p.column}: ${p.code} ${p.message}`);
      if (typeof p.code !== "string" || !p.message) problems.push(`${how}: no code or message: ${JSON.stringify(p)}`);
      if (p.file !== file) problems.push(`${how}: names ${p.file}`);
    }
  };
  const one = lib.readRuleFile(file);
  located(one.problems, "readRuleFile");
  if (!one.rule && one.problems.length === 0) problems.push("readRuleFile gave neither a rule nor a problem");
  const all = lib.validateRules(dir);
  located(all, "validateRules");
  if (one.problems.length > 0 && all.length === 0) problems.push("validateRules found no problem where readRuleFile did");
  if (one.rule && seedSource) {
    let ruleSet;
    try {
      ruleSet = lib.loadRules(dir);
    } catch (e) {
      if (lib.isClauseCheckError(e)) return problems;
      throw e;
    }
    const doc = await lib.checkAgreement(seedSource, ruleSet);
    if (doc.results.length !== 1) problems.push(`${doc.results.length} results for one rule`);
  }
  return problems;
}

/**
 * Regular expressions assembled from the pieces of catastrophic shapes (issue 14): repeated
 * and nested atoms and alternatives over overlapping sets, ending in a character the hostile
 * lines lack so that every match fails the slow way.
 */
export function hostilePatternArb(fc) {
  const atom = fc.constantFrom("a", "x", "\\w", ".", "[a-z]", "[\\s\\S]", "\\u00e9", "\\u00c9", "[ab]", "\\s", "b");
  const quant = fc.constantFrom("", "", "*", "+", "?", "{0,999}", "{1,1000}", "{2}", "{28}", "{0,5}", "{1,3}");
  const { piece } = fc.letrec((tie) => ({
    piece: fc.oneof(
      { depthSize: "small" },
      fc.tuple(atom, quant).map(([a, q]) => a + q),
      fc.tuple(fc.array(tie("piece"), { minLength: 1, maxLength: 3 }), fc.array(tie("piece"), { minLength: 0, maxLength: 2 }), quant).map(([l, r, q]) => `(?:${l.join("")}${r.length ? `|${r.join("")}` : ""})${q}`),
    ),
  }));
  return fc.tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.constantFrom("y", "!", "")).map(([ps, end]) => ps.join("") + end);
}

/**
 * Regular expressions of the shape the fuzz campaign found slow (issue 14): a long repetition
 * beside a repeated group, a few rounds at most, whose rounds may share the same text several
 * ways (a*(?:a{0,5}){1,3}y), with the group before or after, and the known instances.
 */
export function nestedQuantifierArb(fc) {
  const long = fc.constantFrom("a*", "a+", "\\w*", "\\w+", "[a-z]*", ".*", "\\s*", "x*", "a{0,999}", "[ab]+");
  const atom = fc.constantFrom("a", "x", "\\w", "[ab]", "\\s", "b", ".");
  const quant = fc.constantFrom("", "?", "{0,5}", "{1,3}", "{2}", "+", "*");
  const rounds = fc.constantFrom("{1,3}", "{2}", "{2,4}", "{0,3}", "?", "{1,2}", "{3}");
  const group = fc.tuple(fc.array(fc.tuple(atom, quant).map(([a, q]) => a + q), { minLength: 1, maxLength: 3 }), rounds).map(([b, r]) => `(?:${b.join("")})${r}`);
  const end = fc.constantFrom("y", "!", "");
  const built = fc.tuple(long, group, fc.boolean(), end).map(([l, g, after, e]) => (after ? g + l : l + g) + e);
  return fc.oneof({ weight: 4, arbitrary: built }, { weight: 1, arbitrary: fc.constantFrom(...NESTED_QUANTIFIER_PATTERNS) });
}

/**
 * A rule with `pattern` as a `regex:` find pattern is refused by the rule loader, or checks
 * 2,000-character hostile lines quickly: a quadratic pattern takes milliseconds, a cubic or
 * exponential one seconds to forever (a hang here is a finding too: the checker let it in).
 */
async function refusedOrQuick(env, rules, pattern) {
  const [name, text] = rules.find(([n]) => n === "prospectus-supplement.yaml") ?? rules[0];
  const quoted = `'${pattern.replace(/'/g, "''")}'`;
  const withRegex = text.replace(/^( +)find:\n((?:[ \t]*#.*\n)*)( +- )/m, (_, indent, comments, dash) => `${indent}find:\n${comments}${dash}regex: ${quoted}\n${dash}`);
  const dir = join(env.tmp, `p${process.pid}-${ruleDirs++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), withRegex);
  if (env.lib.validateRules(dir).length > 0) return true;
  const ruleSet = env.lib.loadRules(dir);
  for (const line of ["a", "x", "ab", "\u00e9", " ", "ax"].map((u) => u.repeat(Math.ceil(2000 / u.length)))) {
    const start = performance.now();
    await env.lib.checkAgreement(env.lib.sourceFromText(`Agreement.\n${line}\n`, "hostile.txt"), ruleSet);
    const ms = performance.now() - start;
    if (ms > 2000) throw new Error(`the accepted pattern ${pattern} took ${Math.round(ms)} ms on 2,000 characters of ${JSON.stringify(line.slice(0, 2))}`);
  }
  return true;
}

/** The samples a mutation starts from: [file name, text]. */
export function seedTexts(repoRoot) {
  return [
    "valence-ridgeway-1999.txt",
    "valence-edgar-submission.txt",
    "valence-edgar-sgml.txt",
    "valence-ridgeway-1999.htm",
    "redrafted-purchase-agreement.txt",
  ].map((f) => [f, readFileSync(join(repoRoot, "samples", f), "utf8")]);
}

/** The bundled rule files: [file name, text]. */
export function ruleTexts(repoRoot) {
  return ["governing-law.yaml", "s3-registration.yaml", "counterparts.yaml", "exchange-listing.yaml", "prospectus-supplement.yaml"].map((f) => [
    f,
    readFileSync(join(repoRoot, "rules", f), "utf8"),
  ]);
}

/** A .docx sample's bytes, to flip bytes in. */
/**
 * A .docx with its zip's central directory changed the ways a hostile file does (issue 14): the
 * declared record count off by `delta`, one record duplicated (`duplicate`: its index), a
 * record's name replaced by a Unicode-path extra field (0x7075) naming `rename`, or the
 * directory cut short by `cut` bytes. The zip reader must refuse it in one line or read it; it
 * may never hand mammoth entries its size check did not see.
 */
export function mutateZipDirectory(docx, { delta = 0, duplicate, rename, cut = 0 }) {
  const b = Buffer.from(docx);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return b;
  let count = b.readUInt16LE(eocd + 10);
  const cdSize = b.readUInt32LE(eocd + 12);
  const cdStart = b.readUInt32LE(eocd + 16);
  const records = [];
  for (let at = cdStart, k = 0; k < count && at + 46 <= cdStart + cdSize; k++) {
    const length = 46 + b.readUInt16LE(at + 28) + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    records.push(b.subarray(at, at + length));
    at += length;
  }
  const out = records.map((r) => Buffer.from(r));
  if (duplicate !== undefined && out.length > 0) out.push(Buffer.from(out[duplicate % out.length]));
  if (rename !== undefined && out.length > 0) {
    const k = rename.index % out.length;
    const r = out[k];
    const name = Buffer.from(rename.name, "utf8");
    // Unicode Path Extra Field: version 1, CRC-32 of the header name (left 0 here), the new name.
    const extra = Buffer.alloc(4 + 5 + name.length);
    extra.writeUInt16LE(0x7075, 0);
    extra.writeUInt16LE(5 + name.length, 2);
    extra.writeUInt8(1, 4);
    name.copy(extra, 9);
    const withExtra = Buffer.concat([r.subarray(0, 46 + r.readUInt16LE(28)), extra, r.subarray(46 + r.readUInt16LE(28))]);
    withExtra.writeUInt16LE(r.readUInt16LE(30) + extra.length, 30);
    out[k] = withExtra;
  }
  let cd = Buffer.concat(out);
  if (cut > 0) cd = cd.subarray(0, Math.max(0, cd.length - cut));
  count = Math.max(0, Math.min(0xffff, out.length + delta));
  const tail = Buffer.from(b.subarray(eocd));
  tail.writeUInt16LE(count, 8);
  tail.writeUInt16LE(count, 10);
  tail.writeUInt32LE(cd.length, 12);
  tail.writeUInt32LE(cdStart, 16);
  return Buffer.concat([b.subarray(0, cdStart), cd, tail]);
}

/** C0 controls but line feed and tab, DEL, C1 controls, and the bidi embeddings, overrides and isolates. */
export const CONTROL_CHARACTERS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== "\n" && c !== "\t"),
  ...Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i)),
  ..."\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
];
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Problems when an agreement and a file name holding control characters are reported: the
 * text and Markdown reports (what a terminal shows) must hold none raw, and a Markdown line
 * must not be split by a line break from the file name.
 */
export async function controlCharacterProblems(env, text, file) {
  const { lib } = env;
  let doc;
  try {
    const source = lib.sourceFromText(text, file);
    doc = await lib.checkAgreement(source, env.rules, lib.parseAgreement(source));
  } catch (e) {
    if (lib.isClauseCheckError(e)) return refusalProblems(e, file);
    throw e;
  }
  const report = lib.buildReport(env.rules, [doc], []);
  const problems = [];
  for (const format of ["text", "markdown"]) {
    const out = lib.formatReport(report, format, { color: false, rules: env.rules.rules });
    const raw = RAW_CONTROL.exec(out);
    if (raw) problems.push(`${format}: raw U+${raw[0].charCodeAt(0).toString(16).padStart(4, "0")} at ${raw.index}: ${JSON.stringify(out.slice(Math.max(0, raw.index - 40), raw.index + 10))}`);
  }
  const markdown = lib.formatReport(report, "markdown", { rules: env.rules.rules });
  const name = file.replace(/[\s\S]*[\\/]/, "");
  for (const line of markdown.split("\n")) if (line.startsWith("|") && !line.trimEnd().endsWith("|")) problems.push(`markdown: a table row split: ${JSON.stringify(line.slice(0, 80))} (file ${JSON.stringify(name)})`);
  return problems;
}

export function docxBytes(repoRoot) {
  return readFileSync(join(repoRoot, "samples", "valence-ridgeway-1999.docx"));
}

/**
 * The properties as fast-check asyncProperty objects, by name. `fc` is fast-check, `env` as for
 * checkInputProperty plus { repoRoot, tmp } (a folder for rule files), `sizes` bounds the runs.
 */
export function properties(fc, env, { maxRun = 20_000 } = {}) {
  const seeds = seedTexts(env.repoRoot);
  const rules = ruleTexts(env.repoRoot);
  const docx = docxBytes(env.repoRoot);
  const seedSource = env.lib.sourceFromText(seeds[0][1], "seed.txt");
  const expectNone = (problems, what) => {
    if (problems.length > 0) throw new Error(`${what}:\n  ${problems.slice(0, 8).join("\n  ")}`);
    return true;
  };
  const ext = fc.constantFrom(".txt", ".htm", ".txt", ".html");
  return {
    "arbitrary strings through sourceFromText": fc.asyncProperty(fc.string({ unit: "binary", maxLength: 2000 }), async (text) =>
      expectNone(await checkInputProperty(env, { text, file: "fuzz.txt" }), "sourceFromText"),
    ),
    "arbitrary bytes through sourceFromBytes (.txt, .htm, .docx)": fc.asyncProperty(
      fc.uint8Array({ maxLength: 3000 }),
      fc.constantFrom(".txt", ".htm", ".docx"),
      async (bytes, e) => expectNone(await checkInputProperty(env, { bytes, file: `fuzz${e}` }), "sourceFromBytes"),
    ),
    "arbitrary strings, encoded, through sourceFromBytes": fc.asyncProperty(
      fc.string({ unit: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: "grapheme", maxLength: 4 })), maxLength: 300 }),
      fc.constantFrom(...ENCODINGS),
      ext,
      async (text, encoding, e) => expectNone(await checkInputProperty(env, { bytes: encode(text, encoding), file: `fuzz${e}` }), "sourceFromBytes"),
    ),
    "mutated samples through sourceFromText": fc.asyncProperty(fc.constantFrom(...seeds.keys()), mutationArb(fc, { maxRun }), async (k, edits) => {
      const [name, seed] = seeds[k];
      return expectNone(await checkInputProperty(env, { text: applyEdits(seed, edits), file: name }), "sourceFromText");
    }),
    "mutated samples, encoded, through sourceFromBytes": fc.asyncProperty(
      fc.constantFrom(...seeds.keys()),
      mutationArb(fc, { maxRun }),
      fc.constantFrom(...ENCODINGS),
      async (k, edits, encoding) => {
        const [name, seed] = seeds[k];
        return expectNone(await checkInputProperty(env, { bytes: encode(applyEdits(seed, edits), encoding), file: name }), "sourceFromBytes");
      },
    ),
    "byte-flipped .docx through sourceFromBytes": fc.asyncProperty(
      fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
      async (flips) => {
        const bytes = Buffer.from(docx);
        for (const f of flips) bytes[f.at % bytes.length] = f.byte;
        return expectNone(await checkInputProperty(env, { bytes, file: "flipped.docx" }), "sourceFromBytes");
      },
    ),
    "zip central directory records miscounted, duplicated, renamed (0x7075) or cut, in a .docx": fc.asyncProperty(
      fc.record(
        {
          delta: fc.integer({ min: -3, max: 3 }),
          duplicate: fc.option(fc.nat(), { nil: undefined }),
          rename: fc.option(fc.record({ index: fc.nat(), name: fc.constantFrom("word/document.xml", "word/numbering.xml", "[Content_Types].xml", "../evil.xml", "word/document.xml\u0000x") }), { nil: undefined }),
          cut: fc.constantFrom(0, 0, 1, 20, 46),
        },
        { requiredKeys: ["delta", "cut"] },
      ),
      async (mutation) => expectNone(await checkInputProperty(env, { bytes: mutateZipDirectory(docx, mutation), file: "directory.docx" }), "sourceFromBytes"),
    ),
    "control characters in an agreement and its file name: none reaches the text or Markdown report raw": fc.asyncProperty(
      fc.constantFrom(...seeds.keys()),
      fc.array(fc.record({ at: fc.nat(), c: fc.constantFrom(...CONTROL_CHARACTERS), n: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.constantFrom(...CONTROL_CHARACTERS, "\n", "a", "|", "`"), { maxLength: 4 }),
      async (k, inserts, nameControls) => {
        let text = seeds[k][1];
        for (const x of inserts) {
          const at = x.at % (text.length + 1);
          text = text.slice(0, at) + x.c.repeat(x.n) + text.slice(at);
        }
        return expectNone(await controlCharacterProblems(env, text, `deal${nameControls.join("")}.txt`), "control characters");
      },
    ),
    "mutated rule files through readRuleFile and validateRules": fc.asyncProperty(
      fc.constantFrom(...rules.keys()),
      mutationArb(fc, { maxEdits: 4, maxRun: 200 }),
      async (k, edits) => {
        const [name, text] = rules[k];
        return expectNone(await checkRuleTextProperty(env, env.tmp, name, applyEdits(text, edits), seedSource), "rule loader");
      },
    ),
    "generated catastrophic-looking regex: refused, or quick on hostile lines": fc.asyncProperty(hostilePatternArb(fc), (pattern) => refusedOrQuick(env, rules, pattern)),
    "a long repetition beside a repeated group (a*(?:a{0,5}){1,3}y): refused, or quick on hostile lines": fc.asyncProperty(nestedQuantifierArb(fc), (pattern) =>
      refusedOrQuick(env, rules, pattern),
    ),
    "EDGAR submissions with up to 300 tiny exhibits, mutated, through sourcesFromBytes: every exhibit, linear": fc.asyncProperty(
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 10_000, max: 2_000_000 }),
      mutationArb(fc, { maxEdits: 3, maxRun: 2_000 }),
      async (exhibits, bytes, edits) => {
        const text = applyEdits(edgarSubmission(exhibits, { bytes }), edits);
        const start = performance.now();
        const problems = await checkInputProperty(env, { bytes: Buffer.from(text), file: "submission.txt", all: true });
        // Linear, 2 MB with 300 exhibits takes about 2 s; quadratic, minutes. A generous bound.
        const seconds = (performance.now() - start) / 1000;
        if (seconds > 30) problems.push(`${exhibits} exhibits in ${(text.length / 1e6).toFixed(1)} MB took ${seconds.toFixed(0)} s`);
        return expectNone(problems, "sourcesFromBytes (submission)");
      },
    ),
    "arbitrary text as a rule file": fc.asyncProperty(fc.string({ unit: "binary", maxLength: 500 }), async (text) =>
      expectNone(await checkRuleTextProperty(env, env.tmp, "fuzz-rule.yaml", text, seedSource), "rule loader"),
    ),
  };
}
