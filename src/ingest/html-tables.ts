/**
 * Tables in EDGAR HTML as the text builder records them (rows of cells, each cell's place in the
 * text), and the one layout that depends on a table's content: signature blocks set side by side.
 */

/** A table cell: its grid column (counting colspans), its tag's file offset, and its text (start -1 while empty). */
export interface Cell {
  column: number;
  at: number;
  start: number;
  end: number;
}

/** A table row: its cells, the grid column the next cell takes, and whether any text has been written in it. */
export interface Row {
  cells: Cell[];
  nextColumn: number;
  hasContent: boolean;
  /** Line breaks written before the row's first character: more now means the row spans lines. */
  newlinesBefore: number;
}

/** The text from `from` on, rewritten: its characters and the file offset of each. */
interface SignatureLayout {
  from: number;
  chars: string[];
  offsets: number[];
}

/**
 * Signature blocks set side by side (a row with two or more cells starting `By`) are laid out
 * one after the other, column by column: the parser reads a block's `By:`, `Name:` and
 * `Title:` lines from top to bottom, and a row would mix the parties' lines.
 *
 * `chars` and `offsets` are the text written so far, ending with the table. Returns what replaces
 * the text from the table's first cell on, or undefined when the table is left as it stands. The
 * table's cells and the `spans` (named elements, in text offsets) that start in the table are
 * moved to where their characters now stand.
 */
export function layOutSignatures(
  table: readonly Row[],
  chars: readonly string[],
  offsets: readonly number[],
  spans: readonly { start: number; end: number }[],
): SignatureLayout | undefined {
  const rows = table.map((r) => r.cells.filter((c) => c.start >= 0 && c.end > c.start)).filter((r) => r.length > 0);
  const bys = rows.map((r) => r.filter((c) => /^By\b/i.test(chars.slice(c.start, c.start + 3).join("")))).find((r) => r.length >= 2);
  const cells = rows.flat();
  if (!bys || cells.length === 0) return undefined;
  const from = Math.min(...cells.map((c) => c.start));
  const to = chars.length;
  // Between the cells stand only the separators the builder wrote; anything else would be lost.
  const inCell = new Uint8Array(to - from);
  for (const c of cells) inCell.fill(1, c.start - from, c.end - from);
  for (let i = from; i < to; i++) if (!inCell[i - from] && chars[i] !== "\t" && chars[i] !== "\n") return undefined;
  const starts = bys.map((c) => c.column);
  const group = (c: Cell) => starts.filter((s) => s <= c.column).length - 1;
  const laidOut: string[] = [];
  const laidOutOffsets: number[] = [];
  const shifts: { cell: Cell; by: number }[] = [];
  for (let g = 0; g < starts.length; g++) {
    let first = true;
    for (const row of rows) {
      row.filter((c) => Math.max(group(c), 0) === g).forEach((c, i) => {
        const separator = i > 0 ? "\t" : laidOut.length === 0 ? "" : first ? "\n\n" : "\n";
        for (const s of separator) {
          laidOut.push(s);
          laidOutOffsets.push(c.at);
        }
        first = false;
        shifts.push({ cell: c, by: from + laidOut.length - c.start });
        for (let k = c.start; k < c.end; k++) {
          laidOut.push(chars[k] as string);
          laidOutOffsets.push(offsets[k] as number);
        }
      });
    }
  }
  const shift = (p: number) => shifts.find((s) => s.cell.start <= p && p < s.cell.end)?.by ?? 0;
  for (const e of spans) {
    if (e.start < from || e.start >= to) continue;
    const end = e.end > e.start ? e.end - 1 + shift(e.end - 1) + 1 : e.end;
    e.start += shift(e.start);
    e.end = end;
  }
  for (const { cell, by } of shifts) {
    cell.start += by;
    cell.end += by;
  }
  return { from, chars: laidOut, offsets: laidOutOffsets };
}
