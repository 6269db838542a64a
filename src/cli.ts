#!/usr/bin/env node
// The program's entry. Before anything else loads (yargs and the rest take most of the start-up),
// a batch scan that will want a worker thread gets one started, warming up on the core that
// start-up leaves idle (see batch/parallel/prewarm.ts); then the command line proper (cli/main.ts) runs.

import { prestartScanWorker } from './batch/parallel/prewarm.js';

prestartScanWorker(process.argv.slice(2));
await import('./cli/main.js');
