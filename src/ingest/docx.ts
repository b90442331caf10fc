import { ClauseCheckError } from "../errors.js";
import type { Source } from "../types.js";

/** Reads a Word .docx into a Source whose positions are paragraphs. */
export async function docxSource(_bytes: Uint8Array, file: string): Promise<Source> {
  throw new ClauseCheckError("BINARY", "Word .docx is not supported yet", { file });
}
