// The codes command: takes the catalog (bundled, or with a --catalog site file merged over it)
// and gives every entry, by value then code, as a table or JSON on standard output or --output.

import { loadCatalog } from '../../catalog/catalog.js';
import { describeError, EXIT } from '../../errors.js';
import { renderCodesJson, renderCodesTable } from '../../reporters/index.js';
import { ERAS } from '../../types.js';
import { oneOf, optionalString, type CommandSpec } from './command.js';
import { openOutput, terminalWidth, type Output } from '../output.js';

const FORMATS = ['table', 'json'] as const;

const CODES_EPILOG = `Entries are ordered by value, then code; codes known only by name come last. A value that
meant another code in an older release (0x8CCC0075) is listed once per meaning. --era marks which
of them a numeric hit counts as: in the table the other's VALUE is in parentheses, in JSON each
entry has "numericHit" (with --era) and "numericHitsIn" (every era where it counts).`;

export const codesCommand: CommandSpec = {
  names: ['codes'],
  describe: 'List the catalog of CTI error codes (table or json)',
  options: [
    { name: 'format', alias: 'f', type: 'string', default: 'table', describe: 'Output format: table or json' },
    { name: 'output', alias: 'o', type: 'string', describe: 'Write the list to FILE instead of standard output' },
    { name: 'catalog', type: 'string', describe: 'A site catalog (JSON) merged over the bundled one' },
    { name: 'era', type: 'string', default: 'modern', describe: "Which meaning of a shared value numeric hits take: modern, or 4.1 (Table C-1's)" },
  ],
  usage: 'Usage: cti-logscan codes [options]\n\nList every CTI error code the catalog knows, with its value, releases and description.',
  epilog: CODES_EPILOG,
  run: async (args, io) => {
    const format = oneOf('format', args.format, FORMATS);
    const era = oneOf('era', args.era, ERAS);
    const path = optionalString(args.output) ?? null;
    const catalog = loadCatalog(optionalString(args.catalog) ?? null);
    let out: Output;
    try {
      out = openOutput(path, io);
    } catch (error) {
      io.stderr.write(`cti-logscan: ${path}: ${describeError(error as NodeJS.ErrnoException)}\n`);
      return EXIT.inputError;
    }
    out.write(format === 'json' ? renderCodesJson(catalog, era) : renderCodesTable(catalog, era, terminalWidth(io, path !== null)));
    try {
      await out.close();
    } catch (error) {
      io.stderr.write(`cti-logscan: ${path}: ${describeError(error as NodeJS.ErrnoException)}\n`);
      return EXIT.inputError;
    }
    return EXIT.ok;
  },
};
