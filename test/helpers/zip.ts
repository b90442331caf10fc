/**
 * Zips made by hand, for tests of the .docx reader's defences: entries may declare a size
 * other than their real one (plainly or through a zip64 extra field) or carry raw bytes.
 */
import { crc32, deflateRawSync } from "node:zlib";

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
}

/** A zip of the entries, deflated unless `raw` is given. */
export function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = Buffer.from(e.raw ?? deflateRawSync(e.data));
    const size = e.declare64 !== undefined ? 0xffffffff : (e.declare ?? e.data.length);
    const extra = Buffer.alloc(e.declare64 !== undefined ? 12 : 0);
    if (e.declare64 !== undefined) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(e.declare64, 4);
    }
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(Math.min(size, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(45, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(Math.min(size, 0xffffffff), 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(offset, 42);
    central.push(c, name, extra);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

