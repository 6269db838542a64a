// Every command cti-logscan has, in the order --help lists them.

import { codesCommand } from './codes.js';
import type { CommandSpec } from './command.js';
import { explainCommand } from './explain.js';
import { mergeCommand } from './merge.js';
import { scanCommand } from './scan.js';
import { watchCommand } from './watch.js';

export const COMMANDS: readonly CommandSpec[] = [scanCommand, watchCommand, explainCommand, codesCommand, mergeCommand];
