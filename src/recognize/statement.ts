import type { Statement } from "../types.js";

/**
 * How a clause is stated, read from the verbs around the words that matched. This is English
 * grammar, not knowledge of any rule: rules choose which statements they accept.
 */

/** A verb phrase that negates: "has not filed", "shall not be effective", "no … has been filed". */
const NEGATION =
  /\b(?:has|have|had|is|are|was|were|will|shall|may|does|do|did|can|could|would|should|must|be|been)\s+(?:\w+ly\s+)?not\b|\b(?:hasn|haven|isn|aren|wasn|weren|won|shan|doesn|don|didn|can|couldn|wouldn|shouldn|mustn)['’]t\b|\bcannot\b|\bnever\b|\bneither\b|\bnor\b|\bno\s+(?:[\w-]+\s+){0,4}(?:has|have|is|are|was|were|shall|will|may)\b|\b(?:has|have|had)\s+no\b|\bno\s+(?:obligation|duty|liability|right)\b|\bfailed\s+to\b|\b(?:has|have)\s+yet\s+to\b/gi;

/** Promises and intentions: "will file", "shall use its best efforts to", "intends to apply". */
const FUTURE =
  /\b(?:will|shall|would|should|must|may|might|can|could)\b|\b(?:agrees?|agreed|undertakes?|covenants?|intends?|expects?|plans?|proposes?|anticipates?|is\s+required|are\s+required|is|are)\s+to\b|\b(?:best|reasonable|commercially\s+reasonable|good\s+faith|diligent)\s+efforts\b/gi;

/** Things done or standing: "has filed", "have been registered", "is listed", "was declared effective". */
const DONE =
  /(?<!\b(?:shall|will|would|should|must|may|might|could|can|to|not)\s+)\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?(?!to\b)[a-z]+(?:ed|en|wn|de|ne|t)\b|\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:being\s+)?(?!to\b)[a-z]+(?:ed|en|wn|de|ne)\b|\b(?:is|are)\s+(?:now\s+)?(?:listed|effective|registered|quoted|traded|approved)\b/gi;

/** A relative pronoun right before a verb: the verb describes a noun ("supplements that are filed"). */
const RELATIVE = /\b(?:that|which)\s+$/i;

/** A condition before the match: "if the Company has filed …", "when the prospectus has been filed". */
const CONDITION = /\b(?:if|unless|in\s+the\s+event|provided\s+that|to\s+the\s+extent|whether|once|when|whenever|until)\b/gi;

/** The statement and the words that decided it. */
export interface StatementReading {
  statement: Statement;
  cue?: string;
}

/** Characters before and after a match that still belong to its verb phrase. */
const BEFORE = 110;
const AFTER = 70;

/**
 * Reads how the words at [matchStart, matchEnd) are stated within `text` (a sentence). Looks
 * only within the `;`-delimited part holding the match. `leadIn` ("The Company represents and
 * warrants that") is read when the sentence itself has no verb.
 */
export function readStatement(text: string, matchStart: number, matchEnd: number, leadIn?: string): StatementReading {
  const segStart = Math.max(text.lastIndexOf(";", matchStart - 1) + 1, 0);
  const semi = text.indexOf(";", matchEnd);
  const segEnd = semi < 0 ? text.length : semi;
  const from = Math.max(segStart, matchStart - BEFORE);
  const to = Math.min(segEnd, matchEnd + AFTER);
  const window = text.slice(from, to);
  const negation = first(NEGATION, window);
  if (negation) return { statement: "negated", cue: negation.text };
  const condition = first(CONDITION, text.slice(segStart, matchStart));
  if (condition) return { statement: "conditional", cue: condition.text + text.slice(segStart + condition.index + condition.text.length, Math.min(matchStart, segStart + condition.index + 60)).replace(/\s+/g, " ").replace(/\s\S*$/, "") };
  const at = matchStart - from;
  const atEnd = matchEnd - from;
  const cues = [...all(FUTURE, window, "future"), ...all(DONE, window, "done")];
  if (cues.length === 0) {
    if (leadIn !== undefined) {
      const lead = readStatement(leadIn, leadIn.length, leadIn.length);
      if (lead.statement !== "mentioned") return lead;
    }
    return { statement: "mentioned" };
  }
  // The cue nearest the match decides (verbs usually precede their object); a promise wins a tie.
  const distance = (c: { index: number; end: number }) => (c.end <= at ? at - c.end : c.index >= atEnd ? 1.5 * (c.index - atEnd) : 0);
  cues.sort((a, b) => distance(a) - distance(b) || (a.kind === "future" ? -1 : 1));
  const best = cues[0] as { kind: "future" | "done"; text: string; index: number };
  // "prospectus supplements that are filed with the Commission" describes a thing; it does
  // not state that anything was done.
  if (best.kind === "done" && RELATIVE.test(window.slice(0, best.index))) {
    return { statement: "mentioned", cue: `${RELATIVE.exec(window.slice(0, best.index))?.[0].trim()} ${best.text}`.replace(/\s+/g, " ") };
  }
  return { statement: best.kind, cue: best.text.replace(/\s+/g, " ") };
}

function first(re: RegExp, text: string): { index: number; text: string } | undefined {
  re.lastIndex = 0;
  const m = re.exec(text);
  return m ? { index: m.index, text: withVerb(text, m.index, m[0]) } : undefined;
}

function all<K extends string>(re: RegExp, text: string, kind: K) {
  return [...text.matchAll(re)].map((m) => ({ kind, index: m.index, end: m.index + m[0].length, text: withVerb(text, m.index, m[0]) }));
}

/** A cue with the two words after it, so a report quotes "shall use its best" or "will be registered", not "shall". */
function withVerb(text: string, index: number, cue: string): string {
  const after = /^(?:\s+[\w'’-]+){0,2}/.exec(text.slice(index + cue.length))?.[0] ?? "";
  return `${cue}${after}`.replace(/\s+/g, " ").trim();
}
