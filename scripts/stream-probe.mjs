#!/usr/bin/env node
// Part of `npm run bench`: what the design card's stream modules cost on the bench's own file, in
// the same run as the scan, so that the README can say with numbers why the scan's hot path reads
// Buffers itself instead of going through them.
//
//   node scripts/stream-probe.mjs split2 FILE    lines split by split2 (as strings), counted: no matching
//   node scripts/stream-probe.mjs through2 FILE  1 MiB chunks passed through a through2 transform, counted
//
// Prints one line: what it counted. Exit 0.

import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import through2 from 'through2';

const [mode, file] = process.argv.slice(2);
if (!file || !['split2', 'through2'].includes(mode)) {
  console.error('usage: stream-probe.mjs split2|through2 FILE');
  process.exit(64);
}

const source = () => fs.createReadStream(file, { highWaterMark: 1 << 20 });
let count = 0;
if (mode === 'split2') {
  // latin1, as the scan reads bytes: no UTF-8 decoding cost counted against split2.
  await pipeline(source(), split2({ encoding: 'latin1' }), async function* (lines) {
    for await (const _line of lines) count++;
  });
  console.log(`${count} lines`);
} else {
  await pipeline(
    source(),
    through2((chunk, _encoding, done) => {
      count += chunk.length;
      done();
    }),
  );
  console.log(`${count} bytes`);
}
