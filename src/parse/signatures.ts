import type { Locator } from "../position/locator.js";
import type { Party, SignatureBlock } from "../types.js";

interface Line {
  text: string;
  start: number;
  end: number;
}

const BY = /^\s*By\s*:?\s*(.*)$/;
const NAME = /^\s*(?:Name|Print Name|Printed Name)\s*:\s*(.*\S)?\s*$/i;
const TITLE = /^\s*(?:Title|Its)\s*:\s*(.*\S)?\s*$/i;
const CONFORMED = /\/s\/\s*(.*\S)/i;

/** Finds signature blocks: a `By:` line with the party's name above and `Name:`/`Title:` below. */
export function findSignatures(text: string, lines: Locator, parties: Party[], from: number): SignatureBlock[] {
  const all = splitLines(text);
  const blocks: SignatureBlock[] = [];
  for (let i = 0; i < all.length; i++) {
    const line = all[i] as Line;
    if (line.start < from) continue;
    const by = BY.exec(line.text);
    if (!by) continue;
    const sigText = (by[1] ?? "").trim();
    const conformed = CONFORMED.exec(sigText);
    const block: SignatureBlock = { signed: Boolean(conformed), span: lines.span(line.start, line.end) };
    if (conformed) block.signature = sigText.slice(sigText.toLowerCase().indexOf("/s/"));
    let last = line;
    for (let j = i + 1; j < Math.min(all.length, i + 6); j++) {
      const l = all[j] as Line;
      if (BY.test(l.text)) break;
      const name = NAME.exec(l.text);
      const title = TITLE.exec(l.text);
      if (name?.[1]) block.signer = name[1].trim();
      else if (title?.[1]) block.title = title[1].trim();
      else continue;
      last = l;
    }
    if (!block.signer && conformed?.[1]) block.signer = conformed[1].trim();
    // "By: Harbor Lane Capital GP LLC, its general partner" signs through the next By: line.
    const nextBy = all.slice(i + 1, i + 4).findIndex((l) => BY.test(l.text));
    if (!conformed && !block.signer && !block.title && nextBy >= 0 && /\S/.test(sigText) && !/^[_\s]+$/.test(sigText)) {
      continue;
    }
    let first = line;
    for (let j = i - 1, blank = 0; j >= 0 && j >= i - 8; j--) {
      const l = all[j] as Line;
      const t = l.text.trim();
      if (t === "") {
        if (++blank > 4) break;
        continue;
      }
      if (NAME.test(l.text) || TITLE.test(l.text)) break;
      if (BY.test(l.text)) {
        if (blocks.at(-1)?.span.endLine === j + 1) break;
        continue;
      }
      if (/^[-_=\s]+$/.test(t)) continue;
      const party = matchParty(t, parties);
      if (party) {
        if (!block.party && !isRoleCaption(t, parties)) block.party = t.replace(/[,:]$/, "");
        if (!block.role && party.role) block.role = party.role;
        first = l;
      } else if (!block.party && /^[A-Z0-9][A-Z0-9 .,&'’()-]{2,}$/.test(t) && !/:$/.test(t) && !/^(?:AGREED|ACCEPTED)/.test(t)) {
        block.party = t.replace(/,$/, "");
        first = l;
      } else if (/[a-z]/.test(t) && !/:$/.test(t)) {
        break;
      }
    }
    block.span = lines.span(first.start + (first.text.length - first.text.trimStart().length), last.end);
    blocks.push(block);
  }
  return blocks;
}

function isRoleCaption(t: string, parties: Party[]): boolean {
  const n = norm(t);
  return parties.some((p) => p.role !== undefined && norm(p.role) === n);
}

function matchParty(t: string, parties: Party[]): Party | undefined {
  const n = norm(t);
  if (!n) return undefined;
  return parties.find((p) => norm(p.name) === n || (p.role !== undefined && norm(p.role) === n));
}

function norm(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]+/g, " ").replace(/\b(?:THE)\b/g, "").trim();
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const m of text.matchAll(/\r\n|\n|\r/g)) {
    out.push({ text: text.slice(start, m.index), start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ text: text.slice(start), start, end: text.length });
  return out;
}
