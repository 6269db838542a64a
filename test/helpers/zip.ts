// A zip writer for the cases a zip tool will not make (damage, odd names, odd methods).
// Format: APPNOTE.TXT 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (end record).

import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipItem {
  name: string;
  content?: Buffer | string;
  /** 0 stored, 8 deflated (default); another number is written as is, with the content stored. */
  method?: number;
  flags?: number;
  /** Replaces the compressed bytes (damage). */
  stored?: Buffer;
  /** Replaces the CRC-32 or the size the directory gives. */
  crc?: number;
  size?: number;
}

const DOS_DATE = ((2026 - 1980) << 9) | (3 << 5) | 15; // 2026-03-15
const DOS_TIME = 12 << 11; // 12:00:00

export function makeZip(items: readonly ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const content = Buffer.from(item.content ?? '');
    const method = item.method ?? 8;
    const data = item.stored ?? (method === 8 ? deflateRawSync(content) : content);
    const name = Buffer.from(item.name, 'utf8');
    const flags = (item.flags ?? 0) | 0x800; // UTF-8 name
    const crc = item.crc ?? crc32(content);
    const size = item.size ?? content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
