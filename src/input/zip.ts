// Input stage, zip archives: lists the members of a zip from its central directory and opens one
// member's stored bytes as a stream, with yauzl. Nothing is extracted to disk and no archive is
// held in memory; each member becomes a source of its own (read-source.ts decodes its bytes).

import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';

/** yauzl, loaded the first time an archive is read: a scan without one does not pay for it. */
const loadYauzl = async (): Promise<typeof import('yauzl')> => (await import('yauzl')).default;

/** A zip's local file header, or its end-of-central-directory record (an empty archive). */
export const isZipMagic = (head: Buffer): boolean =>
  head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));

export interface ZipMember {
  /** The member's path inside the archive, '/'-separated (as the archive's directory has it). */
  name: string;
  /** Modification time (ms), for dating logs without a year. */
  mtimeMs: number;
  /**
   * From the central directory: where the member is, how it is stored, its size and CRC. Plain
   * data (no yauzl Entry), so that a source can be posted to a worker thread.
   */
  record: MemberRecord;
}

export interface MemberRecord {
  generalPurposeBitFlag: number;
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  relativeOffsetOfLocalHeader: number;
}

/** The stored bytes of one member and how to turn them into its content. */
export interface StoredMember {
  stream: Readable;
  /** 0: stored as is; 8: deflate. Anything else was refused by openZipMember. */
  method: 0 | 8;
  size: number;
  crc32: number;
  close(): void;
}

// Names are decoded here, not by yauzl: its decoder refuses names that would be unsafe to extract
// ('..', absolute paths) by failing the whole listing, and nothing is extracted here.
const OPTIONS = { decodeStrings: false, validateEntrySizes: false, autoClose: false } as const;

/**
 * The members of the zip at `path`, in the order of its central directory (directories left out).
 * Throws with a one-line reason when the archive's directory cannot be read (a truncated download).
 */
export async function listZip(path: string): Promise<ZipMember[]> {
  const yauzl = await loadYauzl();
  const zip = await openZip(path);
  try {
    const members: ZipMember[] = [];
    for await (const entry of zip.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
      if (name.endsWith('/')) continue;
      const { generalPurposeBitFlag, compressionMethod, compressedSize, uncompressedSize, crc32, relativeOffsetOfLocalHeader } = entry;
      members.push({
        name,
        mtimeMs: entry.getLastModDate().getTime(),
        record: { generalPurposeBitFlag, compressionMethod, compressedSize, uncompressedSize, crc32, relativeOffsetOfLocalHeader },
      });
    }
    return members;
  } catch (error) {
    throw new ZipError(describeZipError(error as Error));
  } finally {
    zip.close();
  }
}

/** Opens the stored (still compressed) bytes of a member listed by listZip. */
export async function openZipMember(path: string, member: ZipMember): Promise<StoredMember> {
  const yauzl = await loadYauzl();
  const entry: Entry = Object.assign(new yauzl.Entry(), member.record);
  if (entry.isEncrypted()) throw new ZipError('the member is encrypted: it cannot be read');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new ZipError(`the member is compressed with method ${entry.compressionMethod}: only stored and deflated members are read`);
  }
  const zip = await openZip(path);
  try {
    const stream = await zip.openReadStreamPromise(entry, { decodeFileData: false });
    return {
      stream,
      method: entry.compressionMethod,
      size: entry.uncompressedSize,
      crc32: entry.crc32,
      close: () => {
        stream.destroy();
        zip.close();
      },
    };
  } catch (error) {
    zip.close();
    throw new ZipError(describeZipError(error as Error));
  }
}

/** A problem with an archive or a member, with a reason fit for a `cti-logscan: <path>: <reason>` line. */
export class ZipError extends Error {}

async function openZip(path: string): Promise<ZipFile> {
  try {
    return await (await loadYauzl()).openPromise(path, OPTIONS);
  } catch (error) {
    // A file system error (gone, unreadable) keeps its code for describeError.
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new ZipError(describeZipError(error as Error));
  }
}

function describeZipError(error: Error): string {
  const message = error.message;
  if (/end of central directory record signature not found/i.test(message)) {
    return 'not a complete zip archive (its central directory is missing: a truncated download?)';
  }
  return `corrupt zip archive (${message})`;
}
