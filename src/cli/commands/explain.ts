// The explain command: takes a name, alias or value (hex, signed or unsigned decimal) and gives
// its catalog entries on standard output, or one line on standard error and exit 1 when unknown.

import { loadCatalog } from '../../catalog/catalog.js';
import { EXIT, UsageError } from '../../errors.js';
import { lookupCode } from '../../catalog/lookup.js';
import { renderExplainJson, renderExplainText, renderUnknown } from '../../reporters/index.js';
import { ERAS } from '../../types.js';
import { oneOf, optionalString, type CommandSpec } from './command.js';
import { wantsColor } from '../output.js';

const FORMATS = ['table', 'json'] as const;
const COLOR_MODES = ['auto', 'always', 'never'] as const;

const EXPLAIN_EPILOG = `A code is given by any of its names (CTIERR_TIMEOUT, TIMEOUT, the spellings of Table C-1) or
by its value as hex (0x8ccc0001, any case, leading zeros optional), unsigned decimal (2362179585)
or signed decimal (-1932787711). A value whose meaning changed between releases (0x8ccc0075)
shows both entries, each with its era (--era modern or --era 4.1 shows the one a scan with that
--era counts it as); a former value (0x8ccc00a6) shows the code it belongs to.

Exit status: 0 found, 1 not in the catalog, 64 usage error, 78 bad --catalog file.`;

export const explainCommand: CommandSpec = {
  names: ['explain <code>'],
  describe: 'Print the catalog entry of a code: CTIERR_TIMEOUT, 0x8ccc0001, -1932787711, 2362179585',
  positional: { name: 'code', describe: 'A code name or alias, or a value (hex, signed or unsigned decimal)', variadic: false },
  options: [
    { name: 'format', alias: 'f', type: 'string', default: 'table', describe: 'Output format: table or json' },
    { name: 'catalog', type: 'string', describe: 'A site catalog (JSON) merged over the bundled one' },
    { name: 'color', type: 'string', default: 'auto', describe: 'Colour: auto (on a terminal), always or never' },
    { name: 'era', type: 'string', describe: "A value's meaning in one era only: modern, or 4.1 (Table C-1's); default: every era" },
  ],
  usage: 'Usage: cti-logscan explain [options] <code|value>\n\nPrint what a CTI error code means: its names, value spellings, description and releases.',
  epilog: EXPLAIN_EPILOG,
  run: async (args, io) => {
    const format = oneOf('format', args.format, FORMATS);
    const color = oneOf('color', args.color, COLOR_MODES);
    const era = args.era === undefined ? null : oneOf('era', args.era, ERAS);
    const input = String(args.code ?? '');
    if (input.trim() === '') throw new UsageError('explain: no code or value given');
    const catalog = loadCatalog(optionalString(args.catalog) ?? null);
    const lookup = lookupCode(catalog, input, era);
    if (!lookup.found) {
      io.stderr.write(renderUnknown(lookup));
      return EXIT.unexpected;
    }
    io.stdout.write(format === 'json' ? renderExplainJson(catalog, lookup.matches) : renderExplainText(catalog, lookup, wantsColor(color, io, false)));
    return EXIT.ok;
  },
};

/** A flag's value checked against its allowed values; anything else is a usage error naming the flag. */
