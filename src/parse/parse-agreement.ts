import { type Locator, locatorFor } from "../position/locator.js";
import type { Agreement, Attachment, Source } from "../types.js";
import { findDate } from "./date.js";
import { findDefinedTerms } from "./defined-terms.js";
import { findParties } from "./parties.js";
import { CLOSING, parseSections } from "./sections.js";
import { findSignatures } from "./signatures.js";

/** Parses a Source into the Agreement JSON: date, parties, defined terms, sections, signatures. */
export function parseAgreement(source: Source): Agreement {
  const text = source.text;
  const lines = locatorFor(source);
  const bodyEnd = closingStart(text);
  const sections = parseSections(text, lines, bodyEnd);
  const definedTerms = findDefinedTerms(text, lines);
  const parties = findParties(definedTerms);
  const firstSection = sections[0]?.span.start ?? bodyEnd;
  const agreement: Agreement = {
    file: source.file,
    format: source.format,
    encoding: source.encoding,
    lineCount: lines.lineCount,
    parties,
    definedTerms,
    sections,
    signatures: findSignatures(text, lines, parties, Math.min(firstSection, bodyEnd)),
    attachments: findAttachments(text, lines, bodyEnd),
  };
  if (source.documentType) agreement.documentType = source.documentType;
  const title = findTitle(text, firstSection);
  if (title) agreement.title = title;
  const date = findDate(text, lines, firstSection);
  if (date) agreement.date = date;
  return agreement;
}

/** Where the letter's closing or the signature pages begin (the end of the body). */
export function closingStart(text: string): number {
  const m = CLOSING.exec(text);
  return m ? m.index : text.length;
}

/** A heading alone on its line: `EXHIBIT B`, `Schedule 1`, `ANNEX I`. */
const ATTACHMENT_HEADING = /^[ \t]*((?:EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)[ \t]+[A-Z0-9][A-Za-z0-9.-]{0,5})[ \t]*$/gm;

/** Exhibits and schedules after the closing: each runs to the next heading or the end. */
function findAttachments(text: string, lines: Locator, after: number): Attachment[] {
  const all = [...text.matchAll(ATTACHMENT_HEADING)];
  const seen = new Map<string, number>();
  for (const m of all) seen.set(norm(m[1]), (seen.get(norm(m[1])) ?? 0) + 1);
  // "Exhibit 10.38" is the filing's own exhibit number, and a heading on every page is a
  // running header: neither starts an attachment.
  const heads = all.filter((m) => m.index >= after && !/^exhibit \d+\.\d+/.test(norm(m[1])) && (seen.get(norm(m[1])) ?? 0) < 3);
  return heads.map((m, i) => {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const end = heads[i + 1]?.index ?? text.length;
    return { title: (m[1] ?? "").replace(/\s+/g, " "), span: lines.span(start, end) };
  });
}

function norm(s: string | undefined): string {
  return (s ?? "").replace(/\s+/g, " ").toLowerCase();
}

/** A capitalised line naming the agreement near the top, e.g. `STOCK PURCHASE AGREEMENT`. */
function findTitle(text: string, before: number): string | undefined {
  const head = text.slice(0, Math.min(before, 4000));
  for (const line of head.split(/\r?\n/).slice(0, 40)) {
    const t = line.trim();
    if (/^[A-Z][A-Z0-9 ,&'’-]{4,80}$/.test(t) && /\b(?:AGREEMENT|LETTER|CONTRACT|AMENDMENT|INDENTURE|PLAN|NOTE|WARRANT)\b/.test(t)) {
      return t.replace(/\s+/g, " ");
    }
  }
  return undefined;
}
