import { sentenceEnds } from "../parse/sentences.js";
import { walk } from "../parse/sections.js";
import type { Agreement, Section, TextUnit } from "../types.js";

/**
 * Cuts the text into the units rules look at: sentences, never crossing a paragraph break or
 * a section boundary, each tagged with its innermost section and the lead-in of its parent.
 */
export function textUnits(text: string, agreement: Agreement): TextUnit[] {
  const sections = [...walk(agreement.sections)];
  const cuts = new Set<number>([0, text.length]);
  const labels: [number, number][] = [];
  for (const s of sections) {
    const labelEnd = s.span.start + s.label.length;
    cuts.add(s.span.start);
    cuts.add(labelEnd);
    cuts.add(s.span.end);
    labels.push([s.span.start, labelEnd]);
  }
  for (const m of text.matchAll(/\r?\n[ \t]*\r?\n/g)) cuts.add(m.index);
  for (const end of sentenceEnds(text)) cuts.add(end);
  const sorted = [...cuts].sort((a, b) => a - b);
  const parents = new Map<Section, Section>();
  for (const s of sections) for (const c of s.children) parents.set(c, s);
  const units: TextUnit[] = [];
  let paragraph = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    let start = sorted[i] as number;
    let end = sorted[i + 1] as number;
    const raw = text.slice(start, end);
    if (/\n[ \t]*\r?\n/.test(raw)) paragraph++;
    while (start < end && /\s/.test(text[start] ?? "")) start++;
    while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
    if (end - start < 2 || labels.some(([a, b]) => a === start && b >= end)) continue;
    const section = innermost(sections, start);
    const unit: TextUnit = { start, end, block: section ? sections.indexOf(section) : -1 - paragraph };
    const attachment = agreement.attachments.find((a) => a.span.start <= start && start < a.span.end);
    if (attachment) unit.attachment = attachment.title;
    if (section) {
      unit.section = section.number;
      const parent = parents.get(section);
      const firstChild = parent?.children[0];
      if (parent && firstChild) {
        const leadStart = parent.span.start + parent.label.length;
        if (firstChild.span.start > leadStart) unit.leadIn = { start: leadStart, end: firstChild.span.start };
      }
    }
    units.push(unit);
  }
  return units;
}

function innermost(sections: Section[], at: number): Section | undefined {
  let found: Section | undefined;
  for (const s of sections) if (s.span.start <= at && at < s.span.end && (!found || s.level >= found.level)) found = s;
  return found;
}
