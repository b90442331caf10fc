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

/** The fixed order of article and decimal kinds; lettered kinds have none. */
const RANK: Partial<Record<Kind, number>> = { article: 0, num1: 1, num2: 2, num3: 3, num4: 4 };

const ROMAN = /^(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/i;

const LINE_LABEL = new RegExp(
  [
    String.raw`(?<article>ARTICLE|Article)\s+(?<artnum>[IVXLC]+|\d{1,3})\b\.?`,
    String.raw`(?:(?<secword>SECTION|Section|§)\s*)(?<secnum>\d{1,3}(?:\.\d{1,3}){0,3})\.?`,
    String.raw`(?<num>\d{1,3}(?:\.\d{1,3}){0,3})(?:\.|(?<=\d\.\d{1,3})(?=\s))`,
    // "11CHOICE OF LAW": converted text that lost the space after a heading's number.
    String.raw`(?<gluednum>\d{1,3})(?=[A-Z]{3,}\b)`,
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
  const labels = dropTableOfContents(findLineLabels(text, bodyEnd), text);
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
      // "Section 1.1Amounts…": text converted from HTML sometimes loses the space after the number.
      const glued = (/^(?:Section|SECTION|Article|ARTICLE)\b/.test(l[0]) && /[A-Z]/.test(next)) || (/^\d/.test(l[0]) && /^[A-Z]{3,}\b/.test(text.slice(end, end + 30)));
      if ((/\s/.test(next) || glued) && startsBlock(text, pos) && !isTocLine(text.slice(at, lineEnd)) && !pageNumberFollows(text, at, lineEnd)) {
        const label = classify(l.groups, l[0], at, end, labels);
        if (label) labels.push(label);
      }
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  return labels;
}

/**
 * A line of a table of contents, not the section itself: a caption followed by a page number
 * or dotted leaders ("Section 5.24 Accounts Receivable ...... 21"), or several section labels
 * run together on one line, as a table of contents converted from HTML often is.
 */
export function isTocLine(line: string): boolean {
  const t = line.trim();
  // "… Accounts Receivable 21 Section 5.25 Top Customers …": a page number, then the next entry.
  if (/[A-Za-z]\s+\d{1,3}\s+(?:Section|SECTION|ARTICLE|Article)\s+[\dIVXL]+\b/.test(t)) return true;
  if (/\.{4,}|(?:\. ){4,}/.test(t)) return true;
  // A page number glued to the caption's period: "Amounts and Terms of Commitments.1".
  if (/^(?:Section|SECTION|ARTICLE|Article)?\s*[\dIVXL]+(?:\.\d+)*\.?\s*[A-Z][^.]{2,80}\.\d{1,3}$/.test(t)) return true;
  if (t.length > 120) return false;
  const rest = t.replace(/^(?:(?:ARTICLE|Article|SECTION|Section)\s+)?(?:[\dIVXL]+(?:\.\d+)*\.?|\([a-z0-9]+\))/, "");
  const m = /^(\S.*?)\s+(\d{1,3})$/.exec(rest.trim());
  if (!m || !/[A-Za-z]/.test(m[1] ?? "")) return false;
  const words = (m[1] ?? "").match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
  const long = words.filter((w) => w.length >= 4);
  return long.length > 0 && long.filter((w) => /^[A-Z]/.test(w)).length / long.length >= 0.6 && !/[.;:,]\s*\d{1,3}$/.test(t);
}

/**
 * An article or section that appears again later, and whose own text is only a caption, is
 * its entry in a table of contents: the body's occurrence is the section.
 */
function dropTableOfContents(labels: Label[], text: string): Label[] {
  const later = new Map<string, number>();
  labels.forEach((l, i) => {
    if (RANK[l.kind] !== undefined) later.set(`${l.kind}:${l.value.toUpperCase()}`, i);
  });
  return labels.filter((l, i) => {
    if (RANK[l.kind] === undefined) return true;
    const last = later.get(`${l.kind}:${l.value.toUpperCase()}`) ?? i;
    if (last === i) return true;
    // A table of contents holds captions and page numbers, not prose.
    const body = text.slice(l.end, labels[i + 1]?.start ?? text.length);
    const words = body.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
    const prose = words.filter((w) => /^[a-z]/.test(w) && !SMALL_WORDS.test(w)).length;
    return words.length > 0 && prose / words.length > 0.2;
  });
}

/**
 * A caption-only label line whose next non-blank line is a bare page number is a table of
 * contents entry: "Section 1.02. Accounting Terms and Determinations" / "18".
 */
function pageNumberFollows(text: string, at: number, lineEnd: number): boolean {
  const caption = text.slice(at, lineEnd).trim();
  if (caption.length > 100 || !isCaption(caption.replace(/^\S+(?:\s+[\dIVXL.]+)?/, ""))) return false;
  // The page number, perhaps after one more line of a long caption.
  const after = /^(?:[ \t\u00a0]*\r?\n)+(?:([^\r\n]{1,80})\r?\n(?:[ \t\u00a0]*\r?\n)*)?[ \t\u00a0]*\d{1,3}[ \t\u00a0]*(?:\r?\n|$)/.exec(text.slice(lineEnd, lineEnd + 300));
  return after !== null && (after[1] === undefined || isCaption(after[1]));
}

/** Words of a heading: capitalised but for small words, no sentence inside. */
function isCaption(s: string): boolean {
  const words = s.trim().match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
  const lower = words.filter((w) => /^[a-z]/.test(w) && !/^(?:of|and|the|to|in|on|for|or|by|with|under|as|a|an|at|from|upon|its|into|between|among|other|certain)$/.test(w));
  return lower.length === 0;
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
  const num = g.secnum ?? g.num ?? g.gluednum;
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
    // Articles and numbered sections have a fixed order (Article IV > 4.1 > 4.1.1): a label of
    // such a kind closes every open section that is not above it. Lettered and bracketed
    // labels nest in the order they appear.
    const rank = RANK[label.kind];
    const idx =
      rank === undefined
        ? stack.findIndex((e) => e.kind === label.kind)
        : stack.findIndex((e) => RANK[e.kind] === undefined || (RANK[e.kind] as number) >= rank);
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
