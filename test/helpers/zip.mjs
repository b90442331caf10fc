/**
 * Zips made by hand, for tests of the .docx reader's defences: entries may declare a size
 * other than their real one (plainly or through a zip64 extra field), carry raw bytes, carry a
 * Unicode-path extra field naming them otherwise, or have a directory record the end record
 * does not count. Plain JavaScript (declarations in zip.d.mts), so that bench/docx-read.mjs
 * builds its scaled documents with the same code.
 */
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

/** The extra fields of an entry: zip64 sizes (id 1) and a Unicode path (id 0x7075). */
function extraFields(e, name) {
  const fields = [];
  if (e.declare64 !== undefined) {
    const f = Buffer.alloc(12);
    f.writeUInt16LE(1, 0);
    f.writeUInt16LE(8, 2);
    f.writeBigUInt64LE(e.declare64, 4);
    fields.push(f);
  }
  if (e.unicodePath !== undefined) {
    const path = Buffer.from(e.unicodePath);
    const f = Buffer.alloc(9);
    f.writeUInt16LE(0x7075, 0);
    f.writeUInt16LE(5 + path.length, 2);
    f.writeUInt8(1, 4);
    f.writeUInt32LE(crc32(name), 5);
    fields.push(f, path);
  }
  return Buffer.concat(fields);
}

/** A zip of the entries, deflated unless `raw` is given. Undeclared entries' records come last in the directory. */
export function zip(entries) {
  const locals = [];
  const central = [];
  const hidden = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = Buffer.from(e.raw ?? deflateRawSync(e.data));
    const size = e.declare64 !== undefined ? 0xffffffff : (e.declare ?? e.data.length);
    const extra = extraFields(e, name);
    const crc = e.crc ?? crc32(e.data);
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
    (e.undeclared ? hidden : central).push(c, name, extra);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat([...central, ...hidden]);
  const count = entries.filter((e) => !e.undeclared).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The entries of a (well-formed, deflated or stored) zip, as the end record counts them. */
export function unzip(bytes) {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  const out = [];
  for (let i = 0, p = bytes.readUInt32LE(end + 16); i < count; i++) {
    const method = bytes.readUInt16LE(p + 10);
    const csize = bytes.readUInt32LE(p + 20);
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.subarray(p + 46, p + 46 + nameLength).toString();
    const local = bytes.readUInt32LE(p + 42);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const body = bytes.subarray(start, start + csize);
    out.push({ name, data: method === 0 ? body : inflateRawSync(body) });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return out;
}
