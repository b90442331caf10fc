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
 * A maintained zip library in its place (issue 12), checked 2026-12-02 on a zip whose entry
 * declares 1,000 bytes and inflates to 50 MB: fflate 0.8.3 (`unzipSync` with a `filter`) shows
 * the declared sizes before inflating but silently cuts the entry to the declared 1,000 bytes, a
 * truncated document read as if whole; yauzl 3.4.0 shows them too and stops the entry with an
 * error ("too many bytes in the stream"), as this reader does. yauzl is the candidate, behind
 * mammoth's `{ file }` as this reader is; not done yet: the refusals below and the tests of
 * test/hostile/docx-zip.test.ts would have to hold through it.
 *
 * The central directory (zip64 included) is read without unzipping anything, so a zip bomb is
 * refused on its declared sizes; every part is inflated with its declared size as a hard cap,
 * so an entry that lies about its size cannot balloon either. Bytes that are not a zip get an
 * error saying what they are instead (a legacy .doc, a PDF, plain text).
 *
 * The parts read here for docx-numbering.ts, because mammoth does not expose them: the main
 * document (found through the package relationships), numbering and styles. The relationships
 * (.rels) are read with the XML parser of docx-xml.ts (htmlparser2), no longer with a regular
 * expression and an attribute pattern of this module's own (issue 12): a .rels is a few hundred
 * bytes, read in about 3 ms CPU the first time in a process (htmlparser2 not yet compiled) and
 * 0.5 ms after (measured on the samples' 718-byte _rels/.rels; the larger parts' cost is in
 * docx-xml.ts). The zip reading is unchanged.
 */
import { inflateRawSync } from "node:zlib";
import { ClauseCheckError } from "../errors.js";
import { descendants, localName, readXml } from "./docx-xml.js";

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

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it. */
  size: number;
  localOffset: number;
}

/** The central directory of a zip, read without unzipping anything, and single entries on demand. */
class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = this.findEndRecord();
    if (eocd < 0) throw notDocx(file, whatItIs(bytes));
    let count = this.u16(eocd + 10);
    let dirSize = this.u32(eocd + 12);
    let dirOffset = this.u32(eocd + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
      // Zip64: a locator just before the end record points at a record with 64-bit fields.
      const locator = eocd - 20;
      if (locator >= 0 && this.u32(locator) === 0x07064b50) {
        const record = Number(this.view.getBigUint64(locator + 8, true));
        if (record + 56 <= bytes.length && this.u32(record) === 0x06064b50) {
          count = Number(this.view.getBigUint64(record + 32, true));
          dirSize = Number(this.view.getBigUint64(record + 40, true));
          dirOffset = Number(this.view.getBigUint64(record + 48, true));
        }
      }
    }
    if (dirOffset + dirSize > bytes.length) throw notDocx(file, "a damaged or truncated zip archive");
    let total = 0;
    let totalCompressed = 0;
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || this.u32(p) !== 0x02014b50) throw notDocx(file, "a zip archive whose directory is damaged");
      const nameLength = this.u16(p + 28);
      const extraLength = this.u16(p + 30);
      const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
      const entry: ZipEntry = {
        name: new TextDecoder().decode(nameBytes),
        flags: this.u16(p + 8),
        method: this.u16(p + 10),
        compressedSize: this.u32(p + 20),
        size: this.u32(p + 24),
        localOffset: this.u32(p + 42),
      };
      this.readExtraFields(entry, nameBytes, p + 46 + nameLength, extraLength);
      if (this.entries.has(entry.name)) throw notDocx(file, `a zip archive that holds ${entry.name} twice (zip readers differ on which copy they read)`);
      total += entry.size;
      totalCompressed += entry.compressedSize;
      if (entry.size > RATIO_CHECKED_ABOVE && entry.size > MAX_RATIO * Math.max(1, entry.compressedSize)) {
        throw new ClauseCheckError(
          "TOO_LARGE",
          `its part ${entry.name} would unzip from ${sizeText(entry.compressedSize)} to ${sizeText(entry.size)}, a ratio no Word document has (a zip bomb?)`,
          { file },
        );
      }
      this.entries.set(entry.name, entry);
      p += 46 + nameLength + extraLength + this.u16(p + 32);
    }
    // Records past the declared count are read by some zip readers (JSZip) and not by others.
    if (p !== dirOffset + dirSize || this.u32(p) === 0x02014b50) {
      throw notDocx(file, `a zip archive whose directory does not match its end record (${count} entries declared; zip readers differ on what else they read)`);
    }
    if (total > MAX_UNZIPPED) {
      throw new ClauseCheckError("TOO_LARGE", `would unzip to ${sizeText(total)}, over the ${sizeText(MAX_UNZIPPED)} limit for a Word document (a zip bomb?)`, { file });
    }
    if (total > RATIO_CHECKED_ABOVE && total > MAX_RATIO * Math.max(1, totalCompressed)) {
      throw new ClauseCheckError("TOO_LARGE", `would unzip from ${sizeText(totalCompressed)} to ${sizeText(total)}, a ratio no Word document has (a zip bomb?)`, { file });
    }
  }

  /** The entry's bytes, inflated with its declared size as the most it may produce. */
  read(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const at = e.localOffset;
    if (at + 30 > this.bytes.length || this.u32(at) !== 0x04034b50) throw notDocx(this.file, `the zip entry ${name} is damaged`);
    if (e.flags & 1) throw notDocx(this.file, "it is encrypted: save it again without a password");
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    if (raw.length < e.compressedSize) throw notDocx(this.file, `the zip entry ${name} is truncated`);
    if (e.method === 0) {
      if (raw.length > e.size) {
        throw new ClauseCheckError("TOO_LARGE", `its part ${name} holds more than the ${e.size} bytes its zip entry declares (a zip bomb?)`, { file: this.file });
      }
      return raw;
    }
    if (e.method !== 8) throw notDocx(this.file, `the zip entry ${name} uses compression method ${e.method}, which Word never writes`);
    let out: Uint8Array;
    try {
      out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new ClauseCheckError("TOO_LARGE", `its part ${name} unzips to more than the ${e.size} bytes its zip entry declares (a zip bomb?)`, { file: this.file });
      }
      throw notDocx(this.file, `the zip entry ${name} is damaged: ${(err as Error).message}`);
    }
    if (out.length > e.size) {
      throw new ClauseCheckError("TOO_LARGE", `its part ${name} unzips to more than the ${e.size} bytes its zip entry declares (a zip bomb?)`, { file: this.file });
    }
    return out;
  }

  private findEndRecord(): number {
    const stop = Math.max(0, this.bytes.length - 22 - 0xffff);
    for (let p = this.bytes.length - 22; p >= stop; p--) {
      if (this.bytes[p] === 0x50 && this.u32(p) === 0x06054b50) return p;
    }
    return -1;
  }

  /**
   * The extra fields of a directory record: sizes and offsets of 0xFFFFFFFF live in the zip64
   * field (id 1), in this order; a Unicode-path field (id 0x7075) renames the entry for readers
   * that honour it (JSZip does), so one naming anything else than the record is refused.
   */
  private readExtraFields(e: ZipEntry, nameBytes: Uint8Array, from: number, length: number): void {
    const end = Math.min(from + length, this.bytes.length);
    for (let p = from; p + 4 <= end; ) {
      const id = this.u16(p);
      const size = this.u16(p + 2);
      const data = this.bytes.subarray(p + 4, Math.min(p + 4 + size, end));
      if (id === 1) {
        let q = 0;
        const next = (): number | undefined => {
          if (q + 8 > data.length) return undefined;
          const v = Number(this.view.getBigUint64(data.byteOffset - this.bytes.byteOffset + q, true));
          q += 8;
          return v;
        };
        if (e.size === 0xffffffff) e.size = next() ?? e.size;
        if (e.compressedSize === 0xffffffff) e.compressedSize = next() ?? e.compressedSize;
        if (e.localOffset === 0xffffffff) e.localOffset = next() ?? e.localOffset;
      } else if (id === 0x7075) {
        // Version byte, CRC-32 of the record's name, then the name in UTF-8.
        if (data.length < 5 || Buffer.compare(data.subarray(5), nameBytes) !== 0) {
          throw notDocx(this.file, `a zip archive whose entry ${e.name} is renamed by a Unicode-path field (zip readers differ on its name)`);
        }
      }
      p += 4 + size;
    }
  }

  private u16(p: number): number {
    return p + 2 <= this.bytes.length ? this.view.getUint16(p, true) : 0;
  }

  private u32(p: number): number {
    return p + 4 <= this.bytes.length ? this.view.getUint32(p, true) : 0;
  }
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
 * and gives the reader mammoth will use. Throws ClauseCheckError: BINARY when the bytes are not
 * a zip holding a Word document (or are damaged, encrypted, or shaped so zip readers disagree),
 * TOO_LARGE when the zip would unzip to too much (a zip bomb). The reader mammoth is given
 * rejects with the same errors for a part that turns out damaged or too large.
 */
export function openDocx(bytes: Uint8Array, file: string): DocxPackage {
  const zip = new ZipReader(bytes, file);
  // Each part is inflated once, whether docx-numbering.ts or mammoth asks first.
  const inflated = new Map<string, Uint8Array | undefined>();
  const read = (name: string) => {
    if (!inflated.has(name)) inflated.set(name, zip.read(name));
    return inflated.get(name);
  };
  const mammothZip: MammothZip = {
    exists: (name) => zip.entries.has(name),
    read: async (name, encoding) => {
      const data = read(name);
      if (data === undefined) throw new Error(`no part ${name} in the zip`);
      if (encoding === "base64") return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
      return encoding ? new TextDecoder(encoding).decode(data) : data;
    },
  };
  const texts = {
    get: (name: string) => {
      const data = read(name);
      return data && decodeXml(data);
    },
    has: (name: string) => zip.entries.has(name),
  };
  const packageRels = relationships(texts.get("_rels/.rels"));
  const main = resolvePart("", packageRels.find((r) => r.type.endsWith("/officeDocument"))?.target) ?? "word/document.xml";
  const documentPath = texts.has(main) ? main : "word/document.xml";
  const document = texts.get(documentPath);
  if (document === undefined) throw notDocx(file, "a zip archive with no Word document part (word/document.xml) in it");
  const dir = documentPath.includes("/") ? documentPath.slice(0, documentPath.lastIndexOf("/")) : "";
  const base = documentPath.slice(dir.length ? dir.length + 1 : 0);
  const rels = relationships(texts.get(`${dir ? `${dir}/` : ""}_rels/${base}.rels`));
  const part = (kind: string) => {
    const path = resolvePart(dir, rels.find((r) => r.type.endsWith(`/${kind}`))?.target);
    return (path !== undefined ? texts.get(path) : undefined) ?? texts.get(`${dir ? `${dir}/` : ""}${kind}.xml`);
  };
  const parts: Parts = { document };
  const numbering = part("numbering");
  const styles = part("styles");
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
