import type { Locator } from "../position/locator.js";
import type { AgreementDate } from "../types.js";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH = `(${MONTHS.join("|")})`;
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi");
const DAY_OF_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:day\\s+of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, "gi");
const DATED = /\b(?:dated|entered\s+into|made|effective)\b[^.]{0,60}?\bas\s+of\s+$|\bdated\s+$|\bas\s+of\s+$/i;

/**
 * The agreement's date: a date introduced by "dated (as of)" / "entered into as of" near the
 * start, else the first date in the opening lines (a letter's date line).
 */
export function findDate(text: string, lines: Locator, bodyStart: number): AgreementDate | undefined {
  const head = text.slice(0, Math.max(bodyStart, 0) + 3000);
  const found: { at: number; end: number; text: string; iso: string; introduced: boolean }[] = [];
  for (const re of [MONTH_DAY_YEAR, DAY_OF_MONTH]) {
    for (const m of head.matchAll(re)) {
      const [month, day, year] = re === MONTH_DAY_YEAR ? [m[1], m[2], m[3]] : [m[2], m[1], m[3]];
      const mi = MONTHS.indexOf((month ?? "").toLowerCase());
      const d = Number(day);
      if (mi < 0 || d < 1 || d > 31) continue;
      const iso = `${year}-${String(mi + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      const introduced = DATED.test(head.slice(Math.max(0, m.index - 80), m.index));
      found.push({ at: m.index, end: m.index + m[0].length, text: m[0].replace(/\s+/g, " "), iso, introduced });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const pick = found.find((f) => f.introduced) ?? found[0];
  return pick ? { text: pick.text, iso: pick.iso, span: lines.span(pick.at, pick.end) } : undefined;
}
