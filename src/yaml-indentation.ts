/**
 * Which line of a YAML text is indented unlike the lines it belongs with, and by how much to
 * indent it: the advice for the parser's "All mapping items must start at the same column" and
 * its kin, which point at where the parser gave up rather than at the line to change.
 */
import type { YamlAdvice } from "./yaml-advice.js";
import { type Line, type Shape, isContent, shapeOf, spaces, withoutComment } from "./yaml-lines.js";

/** A block level seen so far: its indentation, the last line that stood at it and how many did. */
interface Level {
  indent: number;
  line: number;
  shape: Shape;
  count: number;
}

/**
 * The first line, near the parser's error, whose indentation lines up with no open level: more
 * indented than the line before it (which opens nothing), between two levels, or less indented
 * than the folded text (`>`) it continues.
 */
export function indentationAdvice(lines: Line[], errorLine: number): YamlAdvice | undefined {
  const levels: Level[] = [];
  let prev: { line: number; shape: Shape } | undefined;
  /** A plain value that may go on over more-indented lines: the column its key or dash starts at. */
  let plainFrom: number | undefined;
  /** Lines of a block scalar (`>` or `|`) are indented more than this column, and as much as its first line. */
  let block: { from: number; indent?: number; line?: number } | undefined;
  /** A quoted value that goes on over the next lines, until this quote closes it. */
  let openQuote: string | undefined;
  const advise = (line: Line, indent: number, expected: number, like: number, what: string): YamlAdvice => {
    const full = withoutComment(lines[like]?.text ?? "").trim();
    const example = full.length > 40 ? `${full.slice(0, 39)}…` : full;
    const fix = expected === 0 ? "remove its indentation" : `indent it ${spaces(expected)}`;
    return {
      offset: line.offset + indent,
      message: `line ${line.index + 1} is indented ${spaces(indent)}, but ${what} indented ${expected} (line ${like + 1}: "${example}"): ${fix}`,
    };
  };
  for (const line of lines) {
    if (line.index > errorLine + 1) break;
    if (openQuote) {
      if (line.text.includes(openQuote)) openQuote = undefined;
      continue;
    }
    if (!isContent(line)) continue;
    const s = shapeOf(line.text);
    if (block) {
      if (block.indent === undefined && s.indent > block.from) {
        block.indent = s.indent;
        block.line = line.index;
      }
      if (block.indent !== undefined && s.indent >= block.indent) continue;
      if (block.indent !== undefined && block.line !== undefined && s.indent > block.from && s.key === undefined && s.dashes === 0) {
        // Far from where the parser stopped, a misaligned line is likely not what stopped it.
        if (line.index < errorLine - 1) return undefined;
        // A text's first line indented more than all the lines that follow it is the odd one out.
        const first = block.line === previousContent(lines, line.index);
        if (first && restOfText(lines, line.index, block.from).every((indent) => indent === s.indent)) {
          return advise(lines[block.line] as Line, block.indent, s.indent, line.index, "the rest of its text is");
        }
        return advise(line, s.indent, block.indent, block.line, "the text it continues is");
      }
      block = undefined;
    }
    if (plainFrom !== undefined && s.indent > plainFrom && s.key === undefined && s.dashes === 0) continue;
    plainFrom = undefined;

    const opens = prev !== undefined && prev.shape.valueAt < 0;
    const parent = prev?.shape.inner ?? -1;
    const childOfPrev = opens && (s.indent > parent || (s.indent === parent && s.dashes > 0 && prev?.shape.key !== undefined));
    let expected: Level | undefined;
    if (childOfPrev) {
      if (levels.at(-1)?.indent !== s.indent) levels.push({ indent: s.indent, line: line.index, shape: s, count: 1 });
    } else {
      let popped: Level | undefined;
      while ((levels.at(-1)?.indent ?? -1) > s.indent) popped = levels.pop();
      const top = levels.at(-1);
      if (top && top.indent === s.indent) {
        top.line = line.index;
        top.shape = s;
        top.count++;
      } else if (top) {
        // Between two levels: line it up with the one of its own kind (a list item or a key).
        expected = popped && !(s.dashes > 0 && popped.shape.dashes > 0) ? top : (popped ?? top);
      } else levels.push({ indent: s.indent, line: line.index, shape: s, count: 1 });
    }
    if (expected) {
      if (line.index < errorLine - 1) return undefined;
      // One line set the level and the lines after this one keep this one's indentation: that
      // one line is the odd one out ("find:" then "     - a", "    - b", "    - c").
      if (expected.count === 1 && nextContent(lines, line.index)?.indent === s.indent && expected.shape.dashes === s.dashes) {
        const odd = lines[expected.line] as Line;
        return advise(odd, expected.indent, s.indent, line.index, "the lines it belongs with are");
      }
      // The keys of a list item line up with the first one, after its dash: either line may be off.
      if (expected.count === 1 && expected.shape.dashes > 0 && expected.indent === expected.shape.inner && s.key !== undefined && s.dashes === 0) {
        const item = expected.shape;
        const itemFix = s.indent - (item.inner - item.indent);
        if (itemFix >= 0) {
          return {
            offset: line.offset + s.indent,
            message: `line ${line.index + 1} is indented ${spaces(s.indent)}, but the key after the dash on line ${expected.line + 1} stands at ${item.inner}: indent line ${line.index + 1} by ${spaces(item.inner)}, or line ${expected.line + 1} by ${spaces(itemFix)}`,
          };
        }
      }
      return advise(line, s.indent, expected.indent, expected.line, "the lines it belongs with are");
    }
    // A list item holding a key ("- value: filed") opens a level at the key for its other keys.
    if (s.dashes > 0 && s.key !== undefined && levels.at(-1)?.indent !== s.inner) levels.push({ indent: s.inner, line: line.index, shape: s, count: 1 });
    const first = s.value[0];
    if (s.valueAt >= 0 && /^[|>][-+0-9]*$/.test(s.value)) block = { from: s.inner };
    else if (first === "'" || first === '"') {
      if (!new RegExp(`.${first}\\s*$`).test(s.value)) openQuote = first;
    } else if (s.valueAt >= 0) plainFrom = s.inner;
    prev = { line: line.index, shape: s };
  }
  return undefined;
}

/** The shape of the first content line after line `index`. */
function nextContent(lines: Line[], index: number): Shape | undefined {
  const next = lines.slice(index + 1).find(isContent);
  return next && shapeOf(next.text);
}

/** The index of the last content line before line `index`. */
function previousContent(lines: Line[], index: number): number | undefined {
  return lines.slice(0, index).findLast(isContent)?.index;
}

/** The indentation of each line of a folded text after line `index`, until a line at or left of `from`, or a key. */
function restOfText(lines: Line[], index: number, from: number): number[] {
  const out: number[] = [];
  for (const l of lines.slice(index + 1).filter(isContent)) {
    const s = shapeOf(l.text);
    if (s.indent <= from || s.key !== undefined || s.dashes > 0) break;
    out.push(s.indent);
  }
  return out;
}
