// Input stage, the first bytes that tell a gzip, and what a gzip is worth in work: small and
// without imports, for the worker started before anything else loads (batch/parallel/prewarm.ts).

/**
 * A gzip file's bytes to scan, as a multiple of its size: CUCM's text traces inflate to 4-8 times
 * their size (the bench's to 4.9). An estimate, for sharing work out between threads.
 */
export const GZIP_WORK = 4;

/** Whether a stream's first bytes are a gzip's (its magic, `1f 8b`). */
export const isGzipMagic = (head: Uint8Array): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
