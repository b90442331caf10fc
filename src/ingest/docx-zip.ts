/**
 * The .docx zip container: the one zip reader of the .docx path. mammoth is handed this reader
 * (its `{ file }` input) instead of the file's bytes, so JSZip, mammoth's own zip library, never
 * parses an untrusted archive, and what the size guard checked is exactly what gets read.
 *
 * Why one reader: two zip parsers disagree about hostile archives. JSZip keeps reading directory
 * records past the count the end record declares, honours a Unicode-path extra field (0x7075)
 * that renames an entry, and lets a later record of the same name replace an earlier one; a guard
 * that read the directory differently passed a .docx whose undeclared extra record held 400 MB
 * of paragraphs, and the run died out of memory. Refusing those shapes (below) closes the known
 * gaps; reading through one parser closes the class.
 *
 * Measured (2 cores, Node 20, CPU time of docxSource, median of 5 to 30 runs) against the old
 * way (this guard, then mammoth given the bytes and JSZip reading them again): a .docx whose
 * document.xml is 3 MB takes about 2.0 s either way and a 12 KB sample about 20 ms either way;
 * the zip is a rounding error beside mammoth's XML parsing, so the choice is not about speed.
 * Peak memory is the same within noise (380-470 MB for the 3 MB document), each part now being
 * inflated once rather than twice. The other one-parser option, rebuilding a clean zip for
 * mammoth's documented `{ buffer }` input, would cost about as little (a copy and a CRC of the
 * parts) but still runs JSZip on every file and adds a zip writer to maintain: rejected. `{ file }`
 * is left out of mammoth's type declarations (its unzip.openZip accepts it); mammoth is pinned,
 * and were it to stop accepting `{ file }` every .docx would fail loudly with "Could not find
 * file in options", never fall back to JSZip.
 *
 * The zip is read by yauzl 3.4.0 (issue 12, 2026-12-02; before, by a reader of this module's
 * own). yauzl reads the end record (zip64 included), the directory records with their extra
 * fields and zip64 sizes, and each entry's local header, checking that the data lies inside the
 * file; nothing is inflated to read the directory. This module still checks, all of it before
 * any part is inflated:
 * - the declared sizes (MAX_UNZIPPED; the ratio above RATIO_CHECKED_ABOVE): a zip bomb is
 *   refused from its directory;
 * - records past the end record's count: yauzl reads exactly the counted records and never looks
 *   at the directory size the end record declares, so where its records end is compared here
 *   with that size, and a record signature there is refused (declaredDirectory finds the end
 *   record as yauzl does: the last signature within a comment's reach, the zip64 record when its
 *   locator stands before it);
 * - a Unicode-path field (0x7075) naming anything else than its record: yauzl's decoded name IS
 *   that field's name when its CRC matches, so names are taken raw (decodeStrings false) and the
 *   field compared with them;
 * - two records of one name (yauzl lists both);
 * - encrypted entries and methods other than stored and deflate, with this module's messages.
 * Each part is then inflated by node:zlib's inflateRawSync from the offset yauzl's local-header
 * read gives, with its declared size as a hard cap (maxOutputLength). yauzl's own stream
 * (validateEntrySizes) stops an entry that inflates past its size too ("too many bytes in the
 * stream"; fflate 0.8.3, the other library tried, silently cuts it to the declared size), but it
 * also refuses an entry that holds less than it declares, stored (at the directory) or deflated
 * (at its end), which this reader has always read (a test keeps it). Counting the bytes of
 * yauzl's stream with validateEntrySizes off was tried and held every test, at 2.8 ms CPU for the
 * parts read here of the 8 KB sample (warm) against 0.3 ms inflating them at once, 10 ms against
 * 1 ms for the 3 MB document below.
 *
 * Changed by the move: an end record naming a disk other than 0 (a split archive; Word writes
 * none), a zip64 locator pointing at no zip64 record, and an extra field longer than its
 * record's extra area are refused as damaged (yauzl refuses them; the old reader read around
 * them). Bytes after the end record's comment are
 * still accepted: they are cut off before yauzl, which refuses them, sees the zip.
 *
 * Measured 2026-12-02 (2 cores shared with other work, load 3 to 5, Node 20.20; CPU time,
 * medians of 9 fresh processes, the old reader's build and this one run in turn): docxSource as
 * the first read in a process, 307 ms before and 321 ms after for the 15 KB document.xml of
 * samples/redrafted-purchase-agreement.docx, 223 and 226 ms for the 8 KB of
 * samples/valence-ridgeway-1999.docx, 3.28 and 3.35 s for that body repeated to 3 MB
 * (bench/docx-read.mjs --scale 3), all within this machine's noise; openDocx alone, warm (100
 * runs), 0.8 and 1.6 ms for the 8 KB sample, 14 and 20 ms for 3 MB: yauzl reads the directory
 * through a callback per record. Loading yauzl: about 35 ms wall for `await import("yauzl")` in
 * a bare process; with mammoth loaded, 19 ms CPU imported and 6 ms required (node:zlib's 4 ms,
 * which the old reader loaded too, included), hence createRequire below. Only a .docx loads it:
 * read-document.ts imports docx.js when it reads one, and a check of a .txt loads neither yauzl
 * nor mammoth (checked by hooking Module._load). A whole `check` of the 8 KB sample: 841 ms CPU
 * before, 810 after (noise).
 *
 * Bytes that are not a zip get an error saying what they are instead (a legacy .doc, a PDF,
 * plain text).
 *
 * The parts read here for docx-numbering.ts, because mammoth does not expose them: the main
 * document (found through the package relationships), numbering and styles. The relationships
 * (.rels) are read with the XML parser of docx-xml.ts (htmlparser2), no longer with a regular
 * expression and an attribute pattern of this module's own (issue 12): a .rels is a few hundred
 * bytes, read in about 3 ms CPU the first time in a process (htmlparser2 not yet compiled) and
 * 0.5 ms after (measured on the samples' 718-byte _rels/.rels; the larger parts' cost is in
 * docx-xml.ts).
 */
import { createRequire } from "node:module";
import { inflateRawSync } from "node:zlib";
import type { Entry, ZipFile } from "yauzl";
import { ClauseCheckError } from "../errors.js";
import { descendants, localName, readXml } from "./docx-xml.js";

/** yauzl, required: an ESM import of it costs some 13 ms more CPU in Node 20 (module docs). */
const yauzl = createRequire(import.meta.url)("yauzl") as typeof import("yauzl");

/** Largest total size the parts of a .docx may unzip to. */
const MAX_UNZIPPED = 200 * 1024 * 1024;
/** Above this unzipped size a compression ratio over MAX_RATIO is taken for a zip bomb. */
const RATIO_CHECKED_ABOVE = 50 * 1024 * 1024;
const MAX_RATIO = 100;

/** The BINARY error for bytes that are not a readable Word document; `why` says what they are instead. */
export function notDocx(file: string, why: string): ClauseCheckError {
  return new ClauseCheckError("BINARY", `not a Word .docx file (${why})`, { file });
}

/** A size for a message: `512 bytes`, `3.2 KB`, `60.0 MB`, `4.0 GB`. */
function sizeText(n: number): string {
  const units: [number, string][] = [[1024 ** 4, "TB"], [1024 ** 3, "GB"], [1024 ** 2, "MB"], [1024, "KB"]];
  for (const [size, unit] of units) if (n >= size) return `${(n / size).toFixed(1)} ${unit}`;
  return `${n} bytes`;
}

// ─── The zip container ──────────────────────────────────────────────────────────────────────────

/** The central directory of a zip as yauzl reads it, checked before anything is unzipped, and single entries on demand. */
interface Zip {
  entries: Map<string, Entry>;
  /** The entry's bytes, inflated with its declared size as the most it may produce. */
  read(name: string): Promise<Uint8Array | undefined>;
}

const DIRECTORY_RECORD = 0x02014b50;

/**
 * Where the central directory starts, how long the end record says it is, and where the end
 * record's comment ends. yauzl finds the same end record (the last signature within a comment's
 * reach of the end, and the zip64 record whenever its locator stands just before) but does not
 * read the directory's declared size.
 */
function declaredDirectory(bytes: Buffer, file: string): { offset: number; size: number; zipEnd: number } {
  let eocd = -1;
  for (let p = bytes.length - 22, stop = Math.max(0, p - 0xffff); p >= stop; p--) {
    if (bytes[p] === 0x50 && bytes.readUInt32LE(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw notDocx(file, whatItIs(bytes));
  let size = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (eocd >= 20 && bytes.readUInt32LE(eocd - 20) === 0x07064b50) {
    const record = Number(bytes.readBigUInt64LE(eocd - 12));
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== 0x06064b50) throw notDocx(file, "a damaged or truncated zip archive");
    size = Number(bytes.readBigUInt64LE(record + 40));
    offset = Number(bytes.readBigUInt64LE(record + 48));
  }
  if (offset + size > bytes.length) throw notDocx(file, "a damaged or truncated zip archive");
  return { offset, size, zipEnd: Math.min(bytes.length, eocd + 22 + bytes.readUInt16LE(eocd + 20)) };
}

/** Reads the directory through yauzl and refuses, before inflating anything, what the module docs list. */
async function openZip(bytes: Buffer, file: string): Promise<Zip> {
  const directory = declaredDirectory(bytes, file);
  // Bytes after the end record's comment are left out, as they always were: yauzl refuses them.
  const zipBytes = bytes.subarray(0, directory.zipEnd);
  let zipfile: ZipFile;
  try {
    // Raw names (decodeStrings false): yauzl would otherwise take a Unicode-path field's name.
    // Sizes are capped here (validateEntrySizes false): yauzl would refuse an entry that holds
    // less than it declares, which this reader has always read.
    zipfile = await yauzl.fromBufferPromise(zipBytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false });
  } catch {
    throw notDocx(file, "a damaged or truncated zip archive");
  }
  const entries = new Map<string, Entry>();
  const names = new TextDecoder();
  let total = 0;
  let totalCompressed = 0;
  let end = directory.offset;
  try {
    for await (const entry of zipfile.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer;
      const name = names.decode(raw);
      // A Unicode-path field (0x7075) renames the entry for readers that honour it (yauzl and
      // JSZip do): one naming anything else than the record is refused. Version byte, CRC-32 of
      // the record's name, then the name in UTF-8.
      for (const field of entry.extraFields) {
        if (field.id === 0x7075 && (field.data.length < 5 || Buffer.compare(field.data.subarray(5), raw) !== 0)) {
          throw notDocx(file, `a zip archive whose entry ${name} is renamed by a Unicode-path field (zip readers differ on its name)`);
        }
      }
      if (entries.has(name)) throw notDocx(file, `a zip archive that holds ${name} twice (zip readers differ on which copy they read)`);
      total += entry.uncompressedSize;
      totalCompressed += entry.compressedSize;
      if (entry.uncompressedSize > RATIO_CHECKED_ABOVE && entry.uncompressedSize > MAX_RATIO * Math.max(1, entry.compressedSize)) {
        throw new ClauseCheckError(
          "TOO_LARGE",
          `its part ${name} would unzip from ${sizeText(entry.compressedSize)} to ${sizeText(entry.uncompressedSize)}, a ratio no Word document has (a zip bomb?)`,
          { file },
        );
      }
      entries.set(name, entry);
      end += 46 + entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength;
    }
  } catch (e) {
    if (e instanceof ClauseCheckError) throw e;
    if (/encryption/.test((e as Error).message)) throw notDocx(file, "it is encrypted: save it again without a password");
    throw notDocx(file, "a zip archive whose directory is damaged");
  }
  // yauzl reads exactly the records the end record counts; some zip readers (JSZip) read on.
  if (end !== directory.offset + directory.size || (end + 4 <= bytes.length && bytes.readUInt32LE(end) === DIRECTORY_RECORD)) {
    throw notDocx(file, `a zip archive whose directory does not match its end record (${zipfile.entryCount} entries declared; zip readers differ on what else they read)`);
  }
  if (total > MAX_UNZIPPED) {
    throw new ClauseCheckError("TOO_LARGE", `would unzip to ${sizeText(total)}, over the ${sizeText(MAX_UNZIPPED)} limit for a Word document (a zip bomb?)`, { file });
  }
  if (total > RATIO_CHECKED_ABOVE && total > MAX_RATIO * Math.max(1, totalCompressed)) {
    throw new ClauseCheckError("TOO_LARGE", `would unzip from ${sizeText(totalCompressed)} to ${sizeText(total)}, a ratio no Word document has (a zip bomb?)`, { file });
  }
  return {
    entries,
    read: async (name) => {
      const entry = entries.get(name);
      return entry && readEntry(zipfile, zipBytes, entry, name, file);
    },
  };
}

/**
 * One entry's bytes. yauzl reads the local header and checks the data lies inside the file;
 * node:zlib inflates, with the declared size as the most it may produce (why not yauzl's
 * stream: module docs).
 */
async function readEntry(zipfile: ZipFile, bytes: Buffer, entry: Entry, name: string, file: string): Promise<Uint8Array> {
  if (entry.isEncrypted()) throw notDocx(file, "it is encrypted: save it again without a password");
  const method = entry.compressionMethod;
  if (method !== 0 && method !== 8) throw notDocx(file, `the zip entry ${name} uses compression method ${method}, which Word never writes`);
  let start: number;
  try {
    start = (await zipfile.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart;
  } catch (e) {
    throw notDocx(file, /overflows file bounds/.test((e as Error).message) ? `the zip entry ${name} is truncated` : `the zip entry ${name} is damaged`);
  }
  const raw = bytes.subarray(start, start + entry.compressedSize);
  const declared = entry.uncompressedSize;
  if (method === 0) {
    if (raw.length > declared) {
      throw new ClauseCheckError("TOO_LARGE", `its part ${name} holds more than the ${declared} bytes its zip entry declares (a zip bomb?)`, { file });
    }
    return raw;
  }
  const tooLarge = () => new ClauseCheckError("TOO_LARGE", `its part ${name} unzips to more than the ${declared} bytes its zip entry declares (a zip bomb?)`, { file });
  let out: Uint8Array;
  try {
    out = inflateRawSync(raw, { maxOutputLength: Math.max(1, declared) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw notDocx(file, `the zip entry ${name} is damaged: ${(err as Error).message}`);
  }
  if (out.length > declared) throw tooLarge();
  return out;
}

/** What bytes that are not a zip look like, for the error message. */
function whatItIs(bytes: Uint8Array): string {
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return "it is an OLE compound file: an old Word .doc, or a .docx protected by a password; save it as .docx without a password";
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) return "it is a PDF file";
  if (starts(0x50, 0x4b)) return "a damaged or truncated zip archive";
  const head = bytes.subarray(0, 4096);
  if (!head.includes(0)) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
      return "it holds plain text, not a zip archive: give it a .txt extension";
    } catch {
      // not text either
    }
  }
  return "it is not a zip archive";
}

// ─── The parts of the package this module reads ─────────────────────────────────────────────────

/** The XML parts docx-numbering.ts reads, decoded to text. */
export interface Parts {
  document: string;
  numbering?: string;
  styles?: string;
}

/** What mammoth asks of a zip (the interface of mammoth/lib/zipfile.js that its readers call). */
export interface MammothZip {
  exists(name: string): boolean;
  /** The part's bytes; decoded with `encoding` when given ("base64" for images). */
  read(name: string, encoding?: string): Promise<Uint8Array | string>;
}

/** A .docx opened once: the parts docx-numbering.ts reads, and the same reader for mammoth. */
export interface DocxPackage {
  parts: Parts;
  /** mammoth's `{ file }` input: every part it reads is inflated here, capped by its declared size. */
  mammothZip: MammothZip;
}

/**
 * Opens a .docx: checks its zip directory, reads the main document, numbering and styles parts,
 * and gives the reader mammoth will use. Rejects with ClauseCheckError: BINARY when the bytes are not
 * a zip holding a Word document (or are damaged, encrypted, or shaped so zip readers disagree),
 * TOO_LARGE when the zip would unzip to too much (a zip bomb). The reader mammoth is given
 * rejects with the same errors for a part that turns out damaged or too large.
 */
export async function openDocx(bytes: Uint8Array, file: string): Promise<DocxPackage> {
  const zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  // Each part is inflated once, whether docx-numbering.ts or mammoth asks first.
  const inflated = new Map<string, Promise<Uint8Array | undefined>>();
  const read = (name: string) => {
    let data = inflated.get(name);
    if (!data) inflated.set(name, (data = zip.read(name)));
    return data;
  };
  const mammothZip: MammothZip = {
    exists: (name) => zip.entries.has(name),
    read: async (name, encoding) => {
      const data = await read(name);
      if (data === undefined) throw new Error(`no part ${name} in the zip`);
      if (encoding === "base64") return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
      return encoding ? new TextDecoder(encoding).decode(data) : data;
    },
  };
  const texts = {
    get: async (name: string) => {
      const data = await read(name);
      return data && decodeXml(data);
    },
    has: (name: string) => zip.entries.has(name),
  };
  const packageRels = relationships(await texts.get("_rels/.rels"));
  const main = resolvePart("", packageRels.find((r) => r.type.endsWith("/officeDocument"))?.target) ?? "word/document.xml";
  const documentPath = texts.has(main) ? main : "word/document.xml";
  const document = await texts.get(documentPath);
  if (document === undefined) throw notDocx(file, "a zip archive with no Word document part (word/document.xml) in it");
  const dir = documentPath.includes("/") ? documentPath.slice(0, documentPath.lastIndexOf("/")) : "";
  const base = documentPath.slice(dir.length ? dir.length + 1 : 0);
  const rels = relationships(await texts.get(`${dir ? `${dir}/` : ""}_rels/${base}.rels`));
  const part = async (kind: string) => {
    const path = resolvePart(dir, rels.find((r) => r.type.endsWith(`/${kind}`))?.target);
    return (path !== undefined ? await texts.get(path) : undefined) ?? (await texts.get(`${dir ? `${dir}/` : ""}${kind}.xml`));
  };
  const parts: Parts = { document };
  const numbering = await part("numbering");
  const styles = await part("styles");
  if (numbering !== undefined) parts.numbering = numbering;
  if (styles !== undefined) parts.styles = styles;
  return { parts, mammothZip };
}

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  return new TextDecoder("utf-8").decode(data);
}

function relationships(xml: string | undefined): { type: string; target: string }[] {
  if (!xml) return [];
  // Any Relationship element, in whatever namespace (the package relationships one, or none declared).
  return descendants(readXml(xml), (e) => localName(e) === "Relationship").map((e) => ({ type: e.attributes.Type ?? "", target: e.attributes.Target ?? "" }));
}

/** A relationship's target as a path inside the zip, relative to the part's folder. */
function resolvePart(dir: string, target: string | undefined): string | undefined {
  if (!target) return undefined;
  const segments = target.startsWith("/") ? [] : dir.split("/").filter(Boolean);
  for (const s of target.split("/")) {
    if (s === "..") segments.pop();
    else if (s && s !== ".") segments.push(s);
  }
  return segments.join("/");
}
