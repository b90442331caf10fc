/**
 * Zips made by hand, for tests of the .docx reader's defences: entries may declare a size
 * other than their real one (plainly or through a zip64 extra field), carry raw bytes, carry a
 * Unicode-path extra field naming them otherwise, or have a directory record the end record
 * does not count.
 */
/// Declarations of test/helpers/zip.mjs (plain JavaScript, so that bench/ can use it too).
/** One entry of a hand-made zip. */
export interface Entry {
  name: string;
  data: Uint8Array;
  /** Uncompressed size to declare instead of the real one. */
  declare?: number;
  /** Declare this size through a zip64 extra field. */
  declare64?: bigint;
  /** Compressed bytes to store instead of deflating `data`. */
  raw?: Uint8Array;
  /** CRC-32 to record instead of that of `data` (with `raw`, for data too large to hold). */
  crc?: number;
  /** A Unicode-path extra field (0x7075) giving the entry this name instead (Info-ZIP; JSZip honours it). */
  unicodePath?: string;
  /** Leave the entry's directory record out of the end record's count (it still stands in the directory, after the counted ones). */
  undeclared?: boolean;
}

/** A zip of the entries, deflated unless `raw` is given. Undeclared entries' records come last in the directory. */
export function zip(entries: Entry[]): Buffer;

/** The entries of a (well-formed, deflated or stored) zip, as the end record counts them. */
export function unzip(bytes: Buffer): Entry[];
