/**
 * EDGAR HTML read as a reader sees it. The text is laid out like a plain-text agreement (one
 * paragraph per block, a blank line between blocks, a table row's cells on one line), and every
 * character keeps the offset in the HTML file it came from, so reports give lines and columns
 * of the HTML file.
 *
 * This module drives htmlparser2 and decides what is hidden; html-text.ts builds the text and
 * html-tables.ts lays out side-by-side signature blocks.
 */
import { Parser } from "htmlparser2";
import { ClauseCheckError } from "../errors.js";
import type { Encoding, Source, SourceMap } from "../types.js";
import { type Frame, TextBuilder } from "./html-text.js";

/** Elements whose content a reader never sees. */
const HIDDEN = new Set(["head", "title", "script", "style", "template", "xml", "ix:header", "ix:hidden"]);

/**
 * Reads EDGAR HTML into a Source whose map points back to the HTML file. `text` is the decoded
 * file (for a full submission, with everything outside the chosen document blanked). Entities
 * are decoded as browsers do (so `&#147;` is “, as in Windows-1252), `&nbsp;` is a space,
 * scripts, styles, the head and hidden elements are left out, and so are `<PAGE>` markers,
 * page-break rules and page-number lines. Malformed HTML is read as a browser would; only a
 * file with no text at all is an error (EMPTY).
 */
export function htmlSource(text: string, file: string, encoding: Encoding): Source {
  const builder = new TextBuilder();
  const stack: Frame[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const frame: Frame = { name };
        stack.push(frame);
        if (hidden > 0 || HIDDEN.has(name) || /display\s*:\s*none/i.test(attributes.style ?? "")) {
          frame.hidden = true;
          hidden++;
        } else builder.open(frame, parser.startIndex, Number.parseInt(attributes.colspan ?? "1", 10) || 1);
      },
      onclosetag(name) {
        let i = stack.length - 1;
        while (i >= 0 && stack[i]?.name !== name) i--;
        while (i >= 0 && stack.length > i) {
          const frame = stack.pop() as Frame;
          if (frame.hidden) hidden--;
          else builder.close(frame, parser.startIndex);
        }
      },
      ontext(data) {
        if (hidden > 0) return;
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        // A decoded entity is shorter than what it stands for in the file; raw text is not.
        builder.text(data, start, end, end - start !== data.length);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(text);
  const built = builder.finish(text.length);
  if (built.text.length === 0) {
    throw new ClauseCheckError("EMPTY", "has no text: the HTML holds nothing a reader would see (only tags, scripts or styles)", { file });
  }
  const map: SourceMap = { lines: "line", fileText: text, fileOffsets: built.fileOffsets, elements: built.elements };
  return { file, text: built.text, encoding, format: "html", map };
}
