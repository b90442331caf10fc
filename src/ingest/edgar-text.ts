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

/** Replaces the characters of [start, end) by spaces, keeping line breaks. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, " ") + text.slice(end);
}

/** Hides EDGAR wrapper tags, text outside the first `<TEXT>` block, `<PAGE>` markers and page-number lines. */
export function hideEdgarWrapper(input: string): EdgarText {
  const hasWrapper = /<(?:DOCUMENT|TEXT|TYPE)>/i.test(input);
  const hasPages = /^[ \t]*<PAGE>/im.test(input);
  if (!hasWrapper && !hasPages) return { text: input, isEdgar: false };
  let text = input;
  const type = /<TYPE>[ \t]*([^\s<]+)/i.exec(input)?.[1];
  if (hasWrapper) {
    const open = /<TEXT>/i.exec(text);
    if (open) {
      text = blank(text, 0, open.index + open[0].length);
      const close = /<\/TEXT>/i.exec(text.slice(open.index));
      if (close) text = blank(text, open.index + close.index, text.length);
    }
    text = text.replace(WRAPPER_TAG, (m) => m.replace(/[^\r\n]/g, " "));
  }
  // A page-number line next to a page break is furniture, not text.
  const pageBreaks: number[] = [];
  for (const m of input.matchAll(PAGE_MARKER)) pageBreaks.push(m.index);
  text = text.replace(PAGE_MARKER, (m) => m.replace(/[^\r\n]/g, " "));
  for (const at of pageBreaks) text = blankPageNumbersNear(text, at);
  return type ? { text, isEdgar: true, documentType: type } : { text, isEdgar: true };
}

/** Blanks a page-number line among the few lines just before or just after a page marker. */
function blankPageNumbersNear(text: string, at: number): string {
  const lines: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\n|\r|$)/g)) {
    if (m[0] === "") break;
    lines.push({ start: m.index, end: m.index + m[0].replace(/[\r\n]+$/, "").length });
  }
  const here = lines.findIndex((l) => l.start <= at && at <= l.end);
  if (here < 0) return text;
  for (const step of [-1, 1]) {
    for (let i = here + step, seen = 0; i >= 0 && i < lines.length && seen < 6; i += step, seen++) {
      const l = lines[i] as { start: number; end: number };
      const line = text.slice(l.start, l.end);
      if (line.trim() === "") continue;
      if (PAGE_NUMBER_LINE.test(line)) text = blank(text, l.start, l.end);
      break;
    }
  }
  return text;
}
