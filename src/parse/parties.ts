import type { DefinedTerm, Party } from "../types.js";

/** Legal-entity endings that mark a defined term's antecedent as a party's name. */
const ENTITY =
  /\b(?:Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.|Limited|Ltd\.?|LLC|L\.L\.C\.|LP|L\.P\.|LLP|L\.L\.P\.|PLC|plc|N\.A\.|S\.A\.|AG|GmbH|N\.V\.|B\.V\.|Trust|Bank|Fund|Partners|Holdings|S\.p\.A\.|Pty\.? Ltd\.?|SE)$/;

/** `, a Delaware corporation`, `, a limited liability company organized under …`. */
const DESCRIPTOR = /,?\s+(?:an?|the)\s+[^,]*?\b(?:corporation|company|partnership|bank|association|trust|entity|organization|limited|fund)\b.*$/i;

/**
 * The parties: defined terms whose definition is a legal entity's name, such as
 * `Valence Technology, Inc. (the "Company")`. Natural persons need a role word and a name.
 */
export function findParties(terms: DefinedTerm[]): Party[] {
  const parties: Party[] = [];
  for (const t of terms) {
    const name = t.definition.replace(DESCRIPTOR, "").replace(/^(?:by\s+and\s+)?(?:between|among)\s+/i, "").trim();
    if (!ENTITY.test(name) || !/^[A-Z0-9]/.test(name) || name.length > 120) continue;
    if (parties.some((p) => p.name === name)) continue;
    parties.push({ name, role: t.term, span: t.definitionSpan });
  }
  return parties;
}
