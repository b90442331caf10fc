import type {} from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { HttpProblem } from "./problem.js";
import { plural } from "../plural.js";

/** A document sent with a request: its bytes and the name reports give it. Never a path on the server. */
export interface Upload {
  /** The name as the client gave it (a label: nothing is read from it), with an extension that says how to read the bytes. */
  name: string;
  bytes: Uint8Array;
  /** The multipart field it came in (`file`, `text`, `before`, `after`…), or `body` for a raw body. */
  field: string;
}

/** Limits on what one request may send. */
export interface UploadLimits {
  /** Bytes of the whole request body. */
  maxBytes: number;
  /** Documents in one request. */
  maxDocuments: number;
}

/**
 * Content types a document may be sent as, and the extension that makes clausecheck read it
 * that way (plain text needs none: it is what a name without one is read as).
 */
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const EXTENSIONS: Record<string, string> = {
  "text/plain": "",
  "text/html": ".htm",
  "application/xhtml+xml": ".htm",
  [DOCX]: ".docx",
  "application/octet-stream": "",
};

/** The content types a document is accepted as (raw body or multipart part). */
export const DOCUMENT_TYPES = Object.keys(EXTENSIONS);

/** A name a report can print: one line, not too long; `fallback` when none was given. */
function cleanName(name: string | undefined, fallback: string): string {
  if (name === undefined || name.trim() === "") return fallback;
  if (name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new HttpProblem(400, "USAGE", "a document's name must be one line of at most 255 characters");
  }
  return name;
}

/**
 * The name to read the bytes under: as given, with the extension of its content type added
 * when the name has none that clausecheck reads by (`draft` sent as Word becomes `draft.docx`,
 * as HTML `draft.htm`). Bytes sent as octet-stream that start like a zip are read as Word.
 */
function readableName(name: string, type: string, bytes: Uint8Array): string {
  const mime = type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!(mime in EXTENSIONS)) {
    throw new HttpProblem(415, "UNSUPPORTED_TYPE", `"${name}" was sent as ${mime || "no content type"}; send a document as ${DOCUMENT_TYPES.join(", ")}`);
  }
  if (/\.(?:txt|htm|html|docx)$/i.test(name)) return name;
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ext = EXTENSIONS[mime] || (isZip ? ".docx" : "");
  return `${name}${ext}`;
}

/** `filename="…"` (or RFC 5987 `filename*=UTF-8''…`) of a Content-Disposition header. */
function dispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      throw new HttpProblem(400, "USAGE", "the Content-Disposition filename* is not valid percent-encoded UTF-8");
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
}

/**
 * The documents a request carries: each file part of a multipart/form-data body (named by its
 * filename) and each text field `text` (pasted text, named `pasted.txt` unless a `name` field
 * came before it); or the raw body, its content type saying what it is and `?name=` or
 * Content-Disposition naming it. `fields`, when given, are the only multipart fields allowed
 * (`before` and `after` for a comparison). Throws HttpProblem: 400, 413, 415.
 */
export async function readUploads(request: FastifyRequest, limits: UploadLimits, fields?: readonly string[]): Promise<Upload[]> {
  const tooMany = () => new HttpProblem(413, "TOO_MANY_DOCUMENTS", `a request may hold at most ${plural(limits.maxDocuments, "document")}`);
  if (!request.isMultipart()) {
    if (fields) throw new HttpProblem(415, "UNSUPPORTED_TYPE", `send the documents as multipart/form-data with the fields ${fields.join(" and ")}`);
    const bytes = request.body instanceof Uint8Array ? request.body : new Uint8Array();
    const query = request.query as { name?: string };
    const given = cleanName(query.name ?? dispositionName(request.headers["content-disposition"]), "document");
    const type = request.headers["content-type"] ?? "application/octet-stream";
    return [{ name: readableName(given, type, bytes), bytes, field: "body" }];
  }
  const uploads: Upload[] = [];
  let pastedName: string | undefined;
  let total = 0;
  for await (const part of request.parts({ limits: { fileSize: limits.maxBytes, files: limits.maxDocuments + 1, fields: 2 * limits.maxDocuments + 4, fieldSize: limits.maxBytes }, preservePath: true })) {
    if (fields && !fields.includes(part.fieldname)) {
      throw new HttpProblem(400, "USAGE", `unknown field "${part.fieldname}": this endpoint takes ${fields.join(" and ")}`);
    }
    if (part.type === "file") {
      const bytes = new Uint8Array(await part.toBuffer());
      total += bytes.length;
      if (total > limits.maxBytes) throw new HttpProblem(413, "TOO_LARGE", `the request is over the limit of ${limits.maxBytes} bytes`);
      const name = cleanName(part.filename, fields ? `${part.fieldname}.txt` : "document");
      uploads.push({ name: readableName(name, part.mimetype, bytes), bytes, field: part.fieldname });
    } else if (!fields && part.fieldname === "name") {
      pastedName = cleanName(String(part.value), "pasted.txt");
    } else if (fields || part.fieldname === "text") {
      const bytes = new TextEncoder().encode(String(part.value));
      total += bytes.length;
      if (total > limits.maxBytes) throw new HttpProblem(413, "TOO_LARGE", `the request is over the limit of ${limits.maxBytes} bytes`);
      const name = fields ? `${part.fieldname}.txt` : (pastedName ?? "pasted.txt");
      uploads.push({ name: readableName(name, "text/plain", bytes), bytes, field: part.fieldname });
      pastedName = undefined;
    } else {
      throw new HttpProblem(400, "USAGE", `unknown field "${part.fieldname}": send documents as file parts, or pasted text in a field named text`);
    }
    if (uploads.length > limits.maxDocuments) throw tooMany();
  }
  if (uploads.length === 0) throw new HttpProblem(400, "USAGE", fields ? `send the ${fields.join(" and ")} documents` : "the request holds no document: send a file part, a text field, or the document as the body");
  return uploads;
}
