/**
 * Text converted from HTML or PDF (as EDGAR and CUAD publish it) breaks sentences at page
 * boundaries: a dashed rule, a page number and blank lines stand in the middle of "Business
 * Day", and words are hyphenated at line ends. This joins them again and records, for every
 * character kept, where it stands in the file, so positions still point into the file.
 */

/** The cleaned text, and for each of its characters the offset in the original text. */
export interface CleanedText {
  text: string;
  /** Absent when nothing changed: offsets are then those of the original. */
  fileOffsets?: Int32Array;
}

const BLANK = /^[\s\u00a0\u200e\u200f]*$/;
const RULE = /^[\s\u00a0]*(?:[-_=*]\s*){10,}[\s\u00a0]*$/;
const PAGE_NUMBER = /^[\s\u00a0]*(?:-\s*)?(?:\d{1,3}|[ivxlc]{1,6}|Page\s+\d+(?:\s+of\s+\d+)?)(?:\s*-)?[\s\u00a0]*$/i;
// Bounded repetitions only: an unbounded \S+ before "\[" backtracks quadratically on a long
// run of letters (a 1 MB line took minutes).
const IMAGE_LINE = /^[\s\u00a0]*(?:[^\s\[]{1,80}\.(?:jpe?g|png|gif)\s{0,5})?\[[^\]\n]{1,80}\.(?:jpe?g|png|gif)\][\s\u00a0]*$/i;
const IMAGE_MARKER = /(?:[^\s\[]{1,80}\.(?:jpe?g|png|gif)\s{0,5})?\[[^\]\n]{1,80}\.(?:jpe?g|png|gif)\]/gi;
/** A line that ends a sentence or a heading: the next text starts a new paragraph. */
const ENDS_SENTENCE = /[.:;!?]["”’)\]]*[\s\u00a0]*$/;
/** A line that starts a new block: a section label, a heading in capitals, a signature line. */
const STARTS_BLOCK = /^[\s\u00a0]*(?:\(?[a-z0-9]{1,4}[.)]|Section\b|SECTION\b|ARTICLE\b|Article\b|EXHIBIT\b|Exhibit\b|SCHEDULE\b|By:|Name:|Title:|IN WITNESS|[A-Z][A-Z\s,&'’-]{6,}$)/;

/** What every image marker holds: its closing `.jpg]`, found in one cheap pass. */
const IMAGE_END = /\.(?:jpe?g|png|gif)\]/i;

interface Line {
  start: number;
  end: number;
  text: string;
}

/** Joins sentences broken by page furniture and words hyphenated at line ends; blanks image markers. */
export function cleanConvertedText(input: string): CleanedText {
  const lines: Line[] = [];
  for (let start = 0; start < input.length; ) {
    const nl = input.indexOf("\n", start);
    const next = nl < 0 ? input.length : nl + 1;
    const end = nl > start && input.charCodeAt(nl - 1) === 13 ? nl - 1 : nl < 0 ? input.length : nl;
    lines.push({ start, end, text: input.slice(start, end) });
    if (nl < 0) break;
    start = next;
  }
  // Ranges [start, end) of the input to replace, with what replaces them.
  const edits: { start: number; end: number; with: string }[] = [];
  // Whether each line is page furniture, tested once: a line is looked at as the one after a
  // text line, then as a line of its own (tested twice, a quarter of this function's time).
  const isFurniture = new Int8Array(lines.length);
  const furniture = (j: number) => {
    if (isFurniture[j] === 0) {
      const t = (lines[j] as Line).text;
      isFurniture[j] = BLANK.test(t) || RULE.test(t) || PAGE_NUMBER.test(t) || IMAGE_LINE.test(t) ? 2 : 1;
    }
    return isFurniture[j] === 2;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (furniture(i)) continue;
    // A page break: furniture lines with a rule or a page number between two text lines.
    let j = i + 1;
    let pageBreak = false;
    while (j < lines.length && furniture(j)) {
      const t = (lines[j] as Line).text;
      if (RULE.test(t) || (PAGE_NUMBER.test(t) && !BLANK.test(t))) pageBreak = true;
      j++;
    }
    const next = lines[j];
    // PDF text marks a page break with a run of blank lines only: a sentence that goes on in
    // lower case after three or more blank lines was cut by the page.
    if (!pageBreak && next && j - i - 1 >= 3 && /^[\s\u00a0]*[a-z]/.test(next.text)) pageBreak = true;
    if (pageBreak && next && j > i + 1 && !ENDS_SENTENCE.test(line.text) && !STARTS_BLOCK.test(next.text)) {
      const from = line.end;
      let to = next.start;
      while (to < next.end && /[\s\u00a0]/.test(input[to] ?? "")) to++;
      const hyphen = /[A-Za-z]-$/.test(line.text) && /^[a-z]/.test(input.slice(to, to + 1));
      edits.push(hyphen ? { start: from - 1, end: to, with: "" } : { start: from, end: to, with: " " });
      i = j - 1;
      continue;
    }
    // A word hyphenated at the line's end: "regis-" / "tration".
    if (j === i + 1 && next && /[A-Za-z]{2}-$/.test(line.text) && /^[\s\u00a0]*[a-z]{2}/.test(next.text)) {
      let to = next.start;
      while (/[\s\u00a0]/.test(input[to] ?? "")) to++;
      edits.push({ start: line.end - 1, end: to, with: "" });
    }
  }
  // Image markers not inside a join already made (the joins are in order of position).
  const joins = edits.length;
  let first = 0;
  // IMAGE_MARKER tries its name part at every position: only where a closing `.jpg]` stands at
  // all (a document in twenty-five here) is it run.
  for (const m of IMAGE_END.test(input) ? input.matchAll(IMAGE_MARKER) : []) {
    const end = m.index + m[0].length;
    while (first < joins && (edits[first] as (typeof edits)[number]).end <= m.index) first++;
    let overlaps = false;
    for (let k = first; k < joins && (edits[k] as (typeof edits)[number]).start < end; k++) overlaps = true;
    if (!overlaps) edits.push({ start: m.index, end, with: " ".repeat(m[0].length) });
  }
  if (edits.length === 0) return { text: input };
  edits.sort((a, b) => a.start - b.start);
  // Two passes: the edits kept and the text's length, then the offsets written straight into a
  // typed array (one number pushed per character into a plain array was a quarter of the time
  // a corpus took to check).
  const kept: typeof edits = [];
  let length = input.length;
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue;
    kept.push(e);
    length += e.with.length - (e.end - e.start);
    pos = e.end;
  }
  const parts: string[] = [];
  const offsets = new Int32Array(length + 1);
  let at = 0;
  pos = 0;
  for (const e of kept) {
    parts.push(input.slice(pos, e.start), e.with);
    for (let k = pos; k < e.start; k++) offsets[at++] = k;
    for (let k = 0; k < e.with.length; k++) offsets[at++] = Math.min(e.start + k, e.end - 1);
    pos = e.end;
  }
  parts.push(input.slice(pos));
  for (let k = pos; k < input.length; k++) offsets[at++] = k;
  offsets[at] = input.length;
  return { text: parts.join(""), fileOffsets: offsets };
}
