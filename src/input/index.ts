// Input stage, its door: what the stages after it use. Inputs (files, directories, globs, '-')
// become sources; a source is read as decoded chunks; a live file is decoded as it grows.

export { DECODERS, isPlainText, liveDecoderFor, SNIFF_BYTES, type Decoder, type LiveDecoder } from './decoders.js';
export { nodeFromPath } from './layout.js';
export { GZIP_WORK, isGzipMagic } from './magic.js';
export { expandInputs, GLOB_OPTIONS, identifyOwnFiles, NO_LOGS_FOUND, NO_MATCHES, OUTPUT_ERROR, unsearchedErrors, wantedInDirectory, type ExpandOptions } from './expand.js';
export { namedFilesFromTheLast } from './from-the-last.js';
export { skipReasonByContent, skipReasonByName, SNIFF } from './not-a-log.js';
export { readSource } from './read-source.js';
export { STDIN_NAME, type Expansion, type OpenOptions, type OwnFile, type Pull, type Search, type Source, type SourceOutcome } from './types.js';
