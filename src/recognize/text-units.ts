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
  // Per unit, in the order units come (by start): a label that covers it, and its innermost
  // section from the sections open at its start. Looking each up in every section was
  // quadratic: a tenth of the time a corpus took to check.
  const labelEnds = new Map<number, number>();
  for (const [a, b] of labels) labelEnds.set(a, Math.max(b, labelEnds.get(a) ?? b));
  const index = new Map<Section, number>(sections.map((s, i) => [s, i]));
  const innermost = innermostFinder(sections);
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
    if (end - start < 2 || (labelEnds.get(start) ?? -1) >= end) continue;
    const section = innermost(start);
    const unit: TextUnit = { start, end, block: section ? (index.get(section) as number) : -1 - paragraph };
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

/**
 * The innermost section holding a position, for positions asked in increasing order: of the
 * sections holding it, the deepest, and of equals the last in `sections`. Sections open as the
 * position passes their start and close for good once it passes their end.
 */
function innermostFinder(sections: Section[]): (at: number) => Section | undefined {
  const byStart = sections.map((s, i) => ({ s, i })).sort((a, b) => a.s.span.start - b.s.span.start || a.i - b.i);
  let next = 0;
  let open: { s: Section; i: number }[] = [];
  return (at) => {
    while (next < byStart.length && (byStart[next] as { s: Section }).s.span.start <= at) open.push(byStart[next++] as { s: Section; i: number });
    open = open.filter((o) => at < o.s.span.end);
    let found: { s: Section; i: number } | undefined;
    for (const o of open) if (!found || o.s.level > found.s.level || (o.s.level === found.s.level && o.i > found.i)) found = o;
    return found?.s;
  };
}
