/**
 * The .docx zip container, read before mammoth is given the file. The central directory (zip64
 * included) is read without unzipping anything, so a zip bomb is refused on its declared sizes;
 * then every part mammoth will parse is inflated with its declared size as a hard cap, so an entry
 * that lies about its size cannot balloon either. Bytes that are not a zip get an error saying what
 * they are instead (a legacy .doc, a PDF, plain text).
 *
 * The parts kept are those docx-numbering.ts reads itself because mammoth does not expose them:
 * the main document (found through the package relationships), numbering and styles.
 */
import { inflateRawSync } from "node:zlib";
import { ClauseCheckError } from "../errors.js";

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
    for (let i = 0, p = dirOffset; i < count; i++) {
      if (p + 46 > bytes.length || this.u32(p) !== 0x02014b50) throw notDocx(file, "a zip archive whose directory is damaged");
      const nameLength = this.u16(p + 28);
      const extraLength = this.u16(p + 30);
      const entry: ZipEntry = {
        name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
        flags: this.u16(p + 8),
        method: this.u16(p + 10),
        compressedSize: this.u32(p + 20),
        size: this.u32(p + 24),
        localOffset: this.u32(p + 42),
      };
      this.readZip64Extra(entry, p + 46 + nameLength, extraLength);
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
    if (e.method === 0) return raw;
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

  /** Sizes and offsets of 0xFFFFFFFF live in the zip64 extra field (id 1), in this order. */
  private readZip64Extra(e: ZipEntry, from: number, length: number): void {
    for (let p = from; p + 4 <= from + length && p + 4 <= this.bytes.length; ) {
      const id = this.u16(p);
      const size = this.u16(p + 2);
      if (id === 1) {
        let q = p + 4;
        const next = (): number | undefined => {
          if (q + 8 > p + 4 + size || q + 8 > this.bytes.length) return undefined;
          const v = Number(this.view.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (e.size === 0xffffffff) e.size = next() ?? e.size;
        if (e.compressedSize === 0xffffffff) e.compressedSize = next() ?? e.compressedSize;
        if (e.localOffset === 0xffffffff) e.localOffset = next() ?? e.localOffset;
        return;
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

/** Parts mammoth parses: XML and relationship parts (and mammoth's own embedded style map). */
const PARSED_PART = /\.(?:xml|rels)$|^mammoth\/style-map$/i;

/**
 * Reads the main document, numbering and styles parts, and checks every part mammoth will unzip.
 * Throws ClauseCheckError: BINARY when the bytes are not a zip holding a Word document (or are
 * damaged or encrypted), TOO_LARGE when the zip would unzip to too much (a zip bomb).
 */
export function readParts(bytes: Uint8Array, file: string): Parts {
  const zip = new ZipReader(bytes, file);
  const inflated = new Map<string, Uint8Array>();
  for (const name of zip.entries.keys()) {
    if (!PARSED_PART.test(name)) continue;
    const data = zip.read(name);
    if (data) inflated.set(name, data);
  }
  const texts = {
    get: (name: string) => {
      const data = inflated.get(name);
      return data && decodeXml(data);
    },
    has: (name: string) => inflated.has(name),
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
  return parts;
}

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  return new TextDecoder("utf-8").decode(data);
}

function relationships(xml: string | undefined): { type: string; target: string }[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)].map((m) => {
    const a = attributes(m[1] ?? "");
    return { type: a.Type ?? "", target: a.Target ?? "" };
  });
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

/** The attributes in the source of an XML start tag, by qualified name, their entities unescaped. */
export function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out[m[1] as string] = unescapeXml(m[2] ?? m[3] ?? "");
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|(\w+));/gi, (whole, hex: string, dec: string, name: string) => {
    const code = hex ? Number.parseInt(hex, 16) : dec ? Number(dec) : -1;
    if (code >= 0) return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    return ({ quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" } as Record<string, string>)[name] ?? whole;
  });
}
