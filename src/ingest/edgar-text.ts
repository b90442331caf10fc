/**
 * EDGAR's SGML wrapper and page furniture, hidden without moving any text: each character
 * of a tag or page-number line becomes a space (line breaks stay), so offsets, lines and
 * columns in the result are those of the file.
 */

/** What was found in the wrapper. */
export interface EdgarText {
  text: string;
  isEdgar: boolean;
  documentType?: string;
}

/** Header tags whose value runs to the end of the line, then bare tags. */
const WRAPPER_TAG =
  /<(?:TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[^\n\r]*|<\/?(?:SEC-DOCUMENT|SEC-HEADER|IMS-HEADER|DOCUMENT|TEXT|PAGE|PDF|S|C|FN|CAPTION|TABLE)>/gi;
const PAGE_MARKER = /^[ \t]*<PAGE>[ \t]*\d*[ \t]*$/gim;
const PAGE_NUMBER_LINE = /^[ \t]*(?:-\s*)?(?:\d{1,3}|[ivx]{1,5}|Page \d+(?: of \d+)?)(?:\s*-)?[ \t]*$/i;

/** One `<DOCUMENT>` of an EDGAR submission: its type and where its `<TEXT>` content lies. */
export interface EdgarDocument {
  /** `<TYPE>`, e.g. `EX-10.1`. */
  type: string;
  description?: string;
  /** Offsets of the content between `<TEXT>` and `</TEXT>`. */
  start: number;
  end: number;
}

/** The documents of an EDGAR submission (or the one document of an exhibit file). */
export function edgarDocuments(input: string): EdgarDocument[] {
  const docs: EdgarDocument[] = [];
  const re = /<DOCUMENT>([\s\S]*?)(?:<\/DOCUMENT>|$)/gi;
  for (const m of input.matchAll(re)) {
    const body = m[1] ?? "";
    const bodyStart = m.index + "<DOCUMENT>".length;
    const open = /<TEXT>/i.exec(body);
    const close = /<\/TEXT>/i.exec(body);
    const doc: EdgarDocument = {
      type: /<TYPE>[ \t]*([^\s<]+)/i.exec(body)?.[1] ?? "",
      start: bodyStart + (open ? open.index + open[0].length : 0),
      end: bodyStart + (close ? close.index : body.length),
    };
    const description = /<DESCRIPTION>[ \t]*([^\r\n<]+)/i.exec(body)?.[1]?.trim();
    if (description) doc.description = description;
    docs.push(doc);
  }
  return docs;
}

/**
 * Hides EDGAR wrapper tags, `<PAGE>` markers and page-number lines, and everything outside one
 * document's `<TEXT>` block: the document of type `type` when given, else the first.
 */
export function hideEdgarWrapper(input: string, type?: string | EdgarDocument): EdgarText {
  const hasWrapper = /<(?:DOCUMENT|TEXT|TYPE)>/i.test(input);
  const hasPages = /^[ \t]*<PAGE>/im.test(input);
  if (!hasWrapper && !hasPages) return { text: input, isEdgar: false };
  let text = input;
  const docs = hasWrapper ? edgarDocuments(input) : [];
  const doc =
    typeof type === "object"
      ? type
      : type
        ? docs.find((d) => d.type.toUpperCase() === type.toUpperCase())
        : docs[0];
  if (hasWrapper) {
    if (doc) {
      text = blankRanges(text, [
        [0, doc.start],
        [doc.end, text.length],
      ]);
    } else {
      const open = /<TEXT>/i.exec(text);
      if (open) text = blankRanges(text, [[0, open.index + open[0].length]]);
    }
    text = text.replace(WRAPPER_TAG, (m) => m.replace(/[^\r\n]/g, " "));
  }
  const documentType = doc?.type || /<TYPE>[ \t]*([^\s<]+)/i.exec(input)?.[1];
  text = hidePages(input, text);
  return documentType ? { text, isEdgar: true, documentType } : { text, isEdgar: true };
}

/**
 * Like hideEdgarWrapper for one document's content (between `<TEXT>` and `</TEXT>`) already
 * cut out of its submission: its wrapper tags, `<PAGE>` markers and page-number lines blanked.
 * Costs the length of the content, however long the submission.
 */
export function hideEdgarFurniture(content: string): string {
  return hidePages(content, content.replace(WRAPPER_TAG, (m) => m.replace(/[^\r\n]/g, " ")));
}

/** Blanks the `<PAGE>` markers of `input` in `text` (the same text, partly blanked), and a page-number line next to each. */
function hidePages(input: string, text: string): string {
  // A page-number line next to a page break is furniture, not text.
  const pageBreaks: number[] = [];
  for (const m of input.matchAll(PAGE_MARKER)) pageBreaks.push(m.index);
  const hidden = text.replace(PAGE_MARKER, (m) => m.replace(/[^\r\n]/g, " "));
  return blankRanges(hidden, pageBreaks.flatMap((at) => pageNumbersNear(hidden, at)));
}

/** Blanks many [start, end) ranges in one pass (blanking one by one would copy the text each time). */
function blankRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    if (start < pos) continue;
    parts.push(text.slice(pos, start), text.slice(start, end).replace(/[^\r\n]/g, " "));
    pos = end;
  }
  parts.push(text.slice(pos));
  return parts.join("");
}

/** The page-number lines among the few lines just before or just after a page marker. */
function pageNumbersNear(text: string, at: number): [number, number][] {
  const found: [number, number][] = [];
  // Walk line by line from the marker's line, looking only at its neighbours (linear overall).
  const lineStart = (i: number) => Math.max(text.lastIndexOf("\n", i - 1) + 1, 0);
  const lineEnd = (i: number) => {
    const nl = text.indexOf("\n", i);
    return nl < 0 ? text.length : nl;
  };
  const here = lineStart(at);
  for (const step of [-1, 1]) {
    let start = here;
    for (let seen = 0; seen < 6; seen++) {
      if (step < 0) {
        if (start === 0) break;
        start = lineStart(start - 1);
      } else {
        const end = lineEnd(start);
        if (end >= text.length) break;
        start = end + 1;
      }
      const end = lineEnd(start);
      const line = text.slice(start, end).replace(/\r$/, "");
      if (line.trim() === "") continue;
      if (PAGE_NUMBER_LINE.test(line)) found.push([start, start + line.length]);
      break;
    }
  }
  return found;
}
