import { ClauseCheckError } from "../errors.js";
import type { Encoding, Source } from "../types.js";

/** Reads EDGAR HTML into a Source whose map points back to the HTML file. */
export function htmlSource(_text: string, file: string, _encoding: Encoding): Source {
  throw new ClauseCheckError("BINARY", "HTML is not supported yet", { file });
}
