// Every command cti-logscan has, in the order --help lists them.

import type { CommandSpec } from './command.js';
import { scanCommand } from './scan.js';

export const COMMANDS: readonly CommandSpec[] = [scanCommand];
