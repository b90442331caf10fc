import type { Locator } from "../position/locator.js";
import type { Section } from "../types.js";
import { sentenceEnds } from "./sentences.js";

/** The kinds of enumerator, from outermost to innermost by convention. */
type Kind = "article" | "num1" | "num2" | "num3" | "num4" | "alpha" | "roman" | "digit" | "upper";

/** A label found at the start of a line. */
interface Label {
  kind: Kind;
  /** The number as cited, e.g. `4.1`, `a`, `IV`. */
  value: string;
  /** The label as written, e.g. `Section 4.1`, `(a)`. */
  text: string;
  /** Offset of the label's first character. */
  start: number;
  /** Offset just past the label (and its trailing punctuation). */
  end: number;
}

const ROMAN = /^(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/i;

const LINE_LABEL = new RegExp(
  [
    String.raw`(?<article>ARTICLE|Article)\s+(?<artnum>[IVXLC]+|\d{1,3})\b\.?`,
    String.raw`(?:(?<secword>SECTION|Section|§)\s*)(?<secnum>\d{1,3}(?:\.\d{1,3}){0,3})\.?`,
    String.raw`(?<num>\d{1,3}(?:\.\d{1,3}){0,3})(?:\.|(?<=\d\.\d{1,3})(?=\s))`,
    String.raw`\((?<paren>[a-z]{1,2}|[ivxl]{1,6}|\d{1,2}|[A-Z])\)`,
    String.raw`(?<half>[a-z]|\d{1,2})\)`,
  ].join("|"),
  "y",
);

/** Words that, right before `(a)`, make it a cross-reference rather than a subdivision. */
const XREF_BEFORE = /(?:section|sections|clause|clauses|paragraph|paragraphs|subsection|subsections|subparagraph|rule|item|article|exhibit|schedule|and\/or)\s*$/i;

/** Where the closing of a letter or the signature pages begin; the last section ends there. */
export const CLOSING =
  /^[ \t]*(?:IN WITNESS WHEREOF|Please (?:execute|sign|confirm|indicate|acknowledge)|If the foregoing|Kindly (?:sign|confirm)|Very truly yours|Sincerely|Yours (?:truly|sincerely|faithfully)|AGREED TO|Agreed to|AGREED AND ACCEPTED|ACCEPTED AND AGREED|Accepted and agreed|Agreed and accepted|\[Signature Page|\[Remainder of (?:this )?page)/m;

/** Parses the numbered sections of `text`, block labels at line starts and inline `(a) … (b)` runs. */
export function parseSections(text: string, lines: Locator, bodyEnd: number): Section[] {
  const labels = findLineLabels(text, bodyEnd);
  const tree = buildTree(labels, text, lines, bodyEnd);
  for (const s of walk(tree)) addInlineChildren(s, text, lines);
  return tree;
}

/** Every section in document order, parents before children. */
export function* walk(sections: Section[]): Generator<Section> {
  for (const s of sections) {
    yield s;
    yield* walk(s.children);
  }
}

function findLineLabels(text: string, bodyEnd: number): Label[] {
  const labels: Label[] = [];
  for (let pos = 0; pos < bodyEnd; ) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl < 0 ? text.length : nl;
    let at = pos;
    while (at < lineEnd && (text[at] === " " || text[at] === "\t")) at++;
    LINE_LABEL.lastIndex = at;
    const l = at < bodyEnd ? LINE_LABEL.exec(text) : null;
    if (l?.groups) {
      const end = at + l[0].length;
      const next = text[end] ?? "\n";
      if (/\s/.test(next) && startsBlock(text, pos)) {
        const label = classify(l.groups, l[0], at, end, labels);
        if (label) labels.push(label);
      }
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  return labels;
}

/** A label starts a block when the line before is blank or ends a sentence, list item or heading. */
function startsBlock(text: string, lineStart: number): boolean {
  const before = text.slice(Math.max(0, lineStart - 400), lineStart);
  const prevLines = before.split(/\r?\n/);
  prevLines.pop();
  const prev = prevLines.pop();
  if (prev === undefined || prev.trim() === "") return true;
  return /(?:[.:;]["”]?|;\s*(?:and|or))\s*$/.test(prev) || /^[\sA-Z0-9.,&'’-]+$/.test(prev.trim());
}

function classify(g: Record<string, string | undefined>, raw: string, start: number, end: number, seen: Label[]): Label | undefined {
  if (g.artnum) return { kind: "article", value: g.artnum, text: raw.trim(), start, end };
  const num = g.secnum ?? g.num;
  if (num) {
    const depth = num.split(".").length;
    if (Number(num.split(".")[0]) > 300) return undefined;
    const kind = (["num1", "num2", "num3", "num4"] as const)[depth - 1] ?? "num4";
    return { kind, value: num, text: raw.trim(), start, end };
  }
  const p = g.paren ?? g.half;
  if (!p) return undefined;
  if (/^\d+$/.test(p)) return { kind: "digit", value: p, text: raw, start, end };
  if (/^[A-Z]$/.test(p)) return { kind: "upper", value: p, text: raw, start, end };
  if (ROMAN.test(p) && !isLetterSequel(p, seen)) return { kind: "roman", value: p, text: raw, start, end };
  if (/^[a-z]{1,2}$/.test(p)) return { kind: "alpha", value: p, text: raw, start, end };
  return undefined;
}

/** `(i)` after `(h)`, `(v)` after `(u)`, `(x)` after `(w)` are letters, not roman numerals. */
function isLetterSequel(p: string, seen: Label[]): boolean {
  if (p.length !== 1) return false;
  const lastAlpha = [...seen].reverse().find((l) => l.kind === "alpha" || l.kind === "roman");
  if (!lastAlpha) return p !== "i";
  return lastAlpha.kind === "alpha" && lastAlpha.value.charCodeAt(0) === p.charCodeAt(0) - 1;
}

function buildTree(labels: Label[], text: string, lines: Locator, bodyEnd: number): Section[] {
  const roots: Section[] = [];
  const stack: { kind: Kind; section: Section }[] = [];
  const ends = new Map<Section, number>();
  const close = (s: Section, at: number) => {
    if (!ends.has(s)) ends.set(s, at);
  };
  for (const label of labels) {
    const idx = stack.findIndex((e) => e.kind === label.kind);
    const depthBefore = idx >= 0 ? idx : stack.length;
    for (const e of stack.splice(depthBefore)) close(e.section, label.start);
    const parent = stack[stack.length - 1]?.section;
    const number = citeNumber(label, parent);
    const section: Section = {
      number,
      label: label.text,
      level: stack.length + 1,
      text: "",
      span: lines.span(label.start, label.start),
      children: [],
    };
    (parent ? parent.children : roots).push(section);
    stack.push({ kind: label.kind, section });
    (section as Section & { _bodyStart?: number })._bodyStart = label.end;
  }
  for (const e of stack) close(e.section, bodyEnd);
  for (const s of walk(roots)) {
    const bodyStart = (s as Section & { _bodyStart?: number })._bodyStart ?? s.span.start;
    delete (s as Section & { _bodyStart?: number })._bodyStart;
    let end = ends.get(s) ?? bodyEnd;
    while (end > bodyStart && /\s/.test(text[end - 1] ?? "")) end--;
    s.span = lines.span(s.span.start, end);
    s.text = text.slice(bodyStart, end).trim();
    const heading = findHeading(s.text);
    if (heading) s.heading = heading;
  }
  return roots;
}

function citeNumber(label: Label, parent: Section | undefined): string {
  switch (label.kind) {
    case "article":
      return `Article ${label.value}`;
    case "alpha":
    case "roman":
    case "digit":
    case "upper":
      return parent ? `${parent.number}(${label.value})` : `(${label.value})`;
    default:
      return label.value;
  }
}

const SMALL_WORDS = /^(?:of|and|the|to|in|on|for|or|a|an|by|with|under|as|at|from|upon|vs?\.?)$/;

/** A caption such as `Governing Law.` at the start of a section's text. */
function findHeading(text: string): string | undefined {
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? "";
  const candidates: string[] = [];
  const dotted = /^([^.\r\n]{2,80}?)\.(?:\s|$)/.exec(text);
  if (dotted?.[1]) candidates.push(dotted[1]);
  if (firstLine.length <= 80 && !/[.;:,]$/.test(firstLine.trim())) candidates.push(firstLine);
  for (const c of candidates) {
    const words = c.trim().split(/\s+/);
    if (words.length === 0 || words.length > 10) continue;
    const titled = words.every((w, i) => /^["“(]?[A-Z0-9]/.test(w) || (i > 0 && SMALL_WORDS.test(w)) || /^[&-]$/.test(w));
    if (titled && !/^[0-9]/.test(c.trim())) return c.trim().replace(/[.:]$/, "");
  }
  return undefined;
}

/** Adds `(a) … (b) …` runs inside a section's own text (outside its block children) as children. */
function addInlineChildren(section: Section, text: string, lines: Locator): void {
  const ownStart = section.span.start + section.label.length;
  const ownEnd = section.children[0]?.span.start ?? section.span.end;
  const own = text.slice(0, ownEnd);
  const found: { value: string; kind: Kind; start: number; end: number }[] = [];
  const re = /\(([a-z]|[ivx]{1,5}|\d{1,2})\)(?=\s)/g;
  re.lastIndex = Math.max(ownStart, section.span.start);
  for (let m = re.exec(own); m; m = re.exec(own)) {
    const before = own.slice(Math.max(0, m.index - 30), m.index);
    if (!/(?:^|\s)$/.test(before) || XREF_BEFORE.test(before)) continue;
    found.push({ value: m[1] ?? "", kind: "alpha", start: m.index, end: m.index + m[0].length });
  }
  const run = longestRun(found);
  if (run.length < 2) return;
  const stop = endOfSentence(text, run[run.length - 1]?.end ?? ownEnd, ownEnd);
  const inline: Section[] = run.map((item, i) => {
    let end = i + 1 < run.length ? (run[i + 1]?.start ?? stop) : stop;
    while (end > item.end && /\s/.test(text[end - 1] ?? "")) end--;
    return {
      number: `${section.number}(${item.value})`,
      label: `(${item.value})`,
      level: section.level + 1,
      text: text.slice(item.end, end).trim(),
      span: lines.span(item.start, end),
      children: [],
    };
  });
  section.children = [...inline, ...section.children];
}

/** The longest run of enumerators in sequence (a, b, c… or i, ii, iii… or 1, 2, 3…) starting at the first. */
function longestRun<T extends { value: string }>(items: T[]): T[] {
  const sequences = [
    (v: string) => (/^[a-z]$/.test(v) ? v.charCodeAt(0) - 96 : NaN),
    (v: string) => romanValue(v),
    (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN),
  ];
  let best: T[] = [];
  for (const ordinal of sequences) {
    const run: T[] = [];
    for (const item of items) {
      if (ordinal(item.value) === run.length + 1) run.push(item);
    }
    if (run.length > best.length) best = run;
  }
  return best;
}

function romanValue(v: string): number {
  if (!/^[ivxl]+$/.test(v) || !ROMAN.test(v)) return NaN;
  const n: Record<string, number> = { i: 1, v: 5, x: 10, l: 50 };
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const cur = n[v[i] ?? ""] ?? 0;
    const next = n[v[i + 1] ?? ""] ?? 0;
    total += cur < next ? -cur : cur;
  }
  return total;
}

function endOfSentence(text: string, from: number, limit: number): number {
  return sentenceEnds(text, from, limit).find((e) => e <= limit) ?? limit;
}
