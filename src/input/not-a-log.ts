// Input stage, what is not a log: files found in a directory, by a glob or in an archive that are
// known, by their name or by their first bytes, to be something else (trace indexes, images,
// executables, archives of other types, this tool's own reports). They are listed, not read.

import { basename } from 'node:path';
import { isZipMagic } from './zip.js';

const NOT_A_LOG_BY_NAME: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\.cti-logscan\.json$/, 'a cti-logscan config file'],
  [/\.index$/i, 'a trace index'],
  [/\.(png|jpe?g|gif|bmp|ico|tiff?|webp|svg|heic)$/i, 'an image'],
  [/\.(exe|dll|so|dylib|msi|class|jar|war|ear|apk|pyc|o|obj)$/i, 'an executable or library'],
  [/\.(7z|rar|tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst)|bz2|xz|zst|lz4?|lzma|cab|iso|dmg|rpm|deb|cpio)$/i, 'an archive of a type that is not read'],
];

/**
 * Why a file found in a directory, by a glob or in an archive is not read, judged by its name; null
 * for a possible log. A rotation suffix is looked through: `app.log.1` is a log, `libx.so.1` is not.
 */
export function skipReasonByName(path: string): string | null {
  const name = basename(path).replace(/(\.\d+)+$/, '');
  for (const [pattern, what] of NOT_A_LOG_BY_NAME) {
    const m = pattern.exec(name);
    if (m) return `not a log: ${what} (${m[0].toLowerCase()})`;
  }
  return null;
}

const startsWith =
  (...bytes: number[]) =>
  (head: Buffer): boolean =>
    head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
const hasText = (at: number, text: string) => (head: Buffer) => head.length >= at + text.length && head.toString('latin1', at, at + text.length) === text;

/** A Windows executable: "MZ", and the PE signature where the DOS header points. */
function isPortableExecutable(head: Buffer): boolean {
  if (head.length < 64 || head[0] !== 0x4d || head[1] !== 0x5a) return false;
  const pe = head.readUInt32LE(0x3c);
  return pe + 4 <= head.length && head.readUInt32BE(pe) === 0x50450000;
}

/** The first bytes of a JSON report (--format json, --write-baseline) and of an ndjson event stream. */
const CTI_LOGSCAN_REPORT = /^\s*\{\s*"schemaVersion"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"cti-logscan"/;
const CTI_LOGSCAN_EVENTS = /^\{"type":"(?:hit|summary|ready|rotated|truncated)"/;

/** Bytes looked at to recognise what a found file is (tar's signature sits at 257). */
export const SNIFF = 512;
const NOT_A_LOG_BY_CONTENT: ReadonlyArray<readonly [(head: Buffer) => boolean, string]> = [
  [startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'an image (PNG)'],
  [startsWith(0xff, 0xd8, 0xff), 'an image (JPEG)'],
  [(h) => hasText(0, 'GIF87a')(h) || hasText(0, 'GIF89a')(h), 'an image (GIF)'],
  [(h) => hasText(0, 'II*\0')(h) || hasText(0, 'MM\0*')(h), 'an image (TIFF)'],
  [(h) => hasText(0, 'RIFF')(h) && hasText(8, 'WEBP')(h), 'an image (WebP)'],
  [startsWith(0x7f, 0x45, 0x4c, 0x46), 'an executable (ELF)'],
  [isPortableExecutable, 'an executable (Windows PE)'],
  [(h) => h.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(h.readUInt32BE(0)), 'an executable (Mach-O)'],
  [startsWith(0xca, 0xfe, 0xba, 0xbe), 'an executable (Java class or Mach-O)'],
  [startsWith(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), 'an archive of a type that is not read (7z)'],
  [hasText(0, 'Rar!\x1a\x07'), 'an archive of a type that is not read (RAR)'],
  [startsWith(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00), 'an archive of a type that is not read (xz)'],
  [(h) => /^BZh[1-9]1AY&SY/.test(h.toString('latin1', 0, 10)), 'an archive of a type that is not read (bzip2)'],
  [startsWith(0x28, 0xb5, 0x2f, 0xfd), 'an archive of a type that is not read (zstd)'],
  [hasText(257, 'ustar'), 'an archive of a type that is not read (tar)'],
  [isZipMagic, 'a zip inside an archive or a gzip (extract the outer one first)'],
  // What this tool writes: counted again, every hit would count twice (a report kept beside the logs).
  [(h) => CTI_LOGSCAN_REPORT.test(h.toString('latin1')), 'a cti-logscan report'],
  [(h) => CTI_LOGSCAN_EVENTS.test(h.toString('latin1')), 'cti-logscan events (ndjson)'],
];

/** Why a found file is not read, judged by its first (decompressed) bytes; null for a possible log. */
export function skipReasonByContent(head: Buffer): string | null {
  for (const [test, what] of NOT_A_LOG_BY_CONTENT) if (test(head)) return `not a log: ${what}`;
  return null;
}
