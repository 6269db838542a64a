// Reporter stage: catalog entries, for explain and codes. Takes a Catalog and a lookup (explain) or an
// era (codes) and gives pure text: labelled blocks, the codes table fitted to a width, or JSON.

import { formatHex, parseValue, type Catalog } from '../catalog/catalog.js';
import { describeEntry, sortEntries, type EntryFacts, type ExplainMatch, type Lookup, type MatchedBy } from '../catalog/lookup.js';
import { ERAS, type Era } from '../types.js';
import { cutText, paint, replaceControls, visibleWidth, wrapUnits, type Style } from './text.js';

const ERA_LABELS = {
  modern: 'JTAPI 5.0.1 and later; what a scan reports by default',
  '4.1': 'JTAPI 4.1.3, the release Table C-1 documents; scan --era 4.1',
} as const satisfies Record<Era, string>;

/** The one line explain prints on standard error for an input it does not know. */
export function renderUnknown(lookup: Extract<Lookup, { found: false }>): string {
  return `cti-logscan: ${replaceControls(lookup.input)}: ${lookup.reason}\n`;
}

// --- explain -----------------------------------------------------------------------------------

export interface ExplainJson extends EntryFacts {
  matchedBy: MatchedBy;
}

export function renderExplainJson(catalog: Catalog, matches: readonly ExplainMatch[]): string {
  const items: ExplainJson[] = matches.map(({ entry, matchedBy }) => ({ ...describeEntry(catalog, entry), matchedBy }));
  return JSON.stringify(items, null, 2) + '\n';
}

const BOLD: Style = ['bold'];
const LABEL_WIDTH = 15;

/** The entries of a lookup as labelled lines, one block per entry, with a lead line on how the input resolved. */
export function renderExplainText(catalog: Catalog, lookup: Extract<Lookup, { found: true }>, color: boolean): string {
  const lines: string[] = [];
  const lead = describeResolution(catalog, lookup);
  if (lead) lines.push(lead, '');
  lookup.matches.forEach(({ entry }, i) => {
    if (i > 0) lines.push('');
    lines.push(...renderEntryBlock(catalog, describeEntry(catalog, entry), color));
  });
  return lines.join('\n') + '\n';
}

/** A line on how the input reached its entries, when that is not plainly the entry's own code. */
function describeResolution(catalog: Catalog, lookup: Extract<Lookup, { found: true }>): string | null {
  const input = replaceControls(lookup.input);
  const [first] = lookup.matches;
  if (lookup.matches.length > 1) {
    const eras = lookup.matches.map(({ entry }) => `${entry.code}${entry.era ? ` (era ${entry.era})` : ''}`);
    return `${input} means ${eras.join(' or ')}, depending on the release; a scan reports the modern meaning unless --era 4.1 is given.`;
  }
  if (first.matchedBy === 'former value') {
    const former = first.entry.formerValues?.find((f) => f.value === formatHex(parseValue(lookup.input) ?? 0));
    return `${input} is a former value of ${first.entry.code}${former ? ` (JTAPI ${former.releases})` : ''}; a scan counts it as that code.`;
  }
  // --era picked one meaning of a value that has another: say so, or the other goes unsaid.
  const value = first.matchedBy === 'value' && lookup.era !== null ? parseValue(lookup.input) : null;
  if (value !== null) {
    const elsewhere = ERAS.filter((era) => era !== lookup.era)
      .map((era) => [era, catalog.entryForValue(value, era)?.code] as const)
      .filter(([, code]) => code !== first.entry.code)
      .map(([era, code]) => `in era ${era} it means ${code}`);
    if (elsewhere.length > 0) return `${input} means ${first.entry.code} in era ${lookup.era}; ${elsewhere.join('; ')} (explain without --era shows both).`;
  }
  if (first.matchedBy === 'name' && lookup.input.toUpperCase() !== first.entry.code) {
    return `${input} is a name of ${first.entry.code}.`;
  }
  return null;
}

function renderEntryBlock(catalog: Catalog, facts: EntryFacts, color: boolean): string[] {
  const rows: Array<[string, string]> = [];
  const heading = facts.era ? `${facts.code}  [era ${facts.era}: ${ERA_LABELS[facts.era]}]` : facts.code;
  rows.push(['value', facts.unsigned === null ? 'none (known by name only)' : spellValue(facts.unsigned)]);
  for (const f of facts.formerValues) {
    rows.push(['former value', `${spellValue(Number.parseInt(f.value, 16) >>> 0)}  (JTAPI ${f.releases})`]);
  }
  rows.push(['names', [facts.code, ...facts.aliases].join(', ')]);
  rows.push(['matched names', facts.matchNames.length > 0 ? facts.matchNames.join(', ') : 'none (only numeric hits count)']);
  // Bare constants such as TIMEOUT would match ordinary words in logs; explain still knows them.
  const unmatched = [facts.code, ...facts.aliases].filter((n) => !facts.matchNames.includes(n));
  if (unmatched.length > 0) rows.push(['explain only', `${unmatched.join(', ')} (not matched in logs: bare names beyond Table C-1 are too generic)`]);
  rows.push(['numeric hits', describeNumericHits(catalog, facts)]);
  rows.push(['description', facts.description || '(none)']);
  rows.push(['releases', facts.releases ? `JTAPI ${facts.releases}` : '(unknown)']);
  rows.push(['source', facts.source]);
  if (facts.era) rows.push(['era', `${facts.era} (${ERA_LABELS[facts.era]})`]);
  facts.notes.forEach((note, i) => rows.push([i === 0 ? 'notes' : '', note]));
  return [
    paint(replaceControls(heading), BOLD, color),
    ...rows.map(([label, text]) => `  ${paint(label, BOLD, color) + ' '.repeat(LABEL_WIDTH - label.length)}${replaceControls(text)}`),
  ];
}

/** The three spellings logs use: "0x8CCC0001  unsigned 2362179585  signed -1932787711". */
function spellValue(value: number): string {
  return `${formatHex(value)}  unsigned ${value >>> 0}  signed ${value | 0}`;
}

function describeNumericHits(catalog: Catalog, facts: EntryFacts): string {
  if (facts.unsigned === null) return 'none (no value known)';
  if (facts.unsigned === 0 && facts.formerValues.length === 0) return 'never (0 is never counted as a hit)';
  const eras = facts.numericHitsIn;
  if (eras.length === ERAS.length) return 'count as this code in every era';
  if (eras.length === 0) return 'never';
  const others = ERAS.filter((era) => !eras.includes(era)).map((era) => {
    const other = catalog.entryForValue(facts.unsigned as number, era);
    return `with --era ${era} they count as ${other ? other.code : 'nothing'}`;
  });
  const where = eras.map((era) => (era === 'modern' ? 'era modern (the default)' : `--era ${era}`)).join(' and ');
  return `count as this code with ${where}; ${others.join('; ')}`;
}

// --- codes -------------------------------------------------------------------------------------

export interface CodesJson extends EntryFacts {
  /** With the chosen --era, a numeric hit of the value (or a former value) counts as this code. */
  numericHit: boolean;
}

export function renderCodesJson(catalog: Catalog, era: Era): string {
  const items: CodesJson[] = sortEntries(catalog.entries).map((entry) => {
    const facts = describeEntry(catalog, entry);
    return { ...facts, numericHit: facts.numericHitsIn.includes(era) };
  });
  return JSON.stringify(items, null, 2) + '\n';
}

const SEPARATOR = '  ';
/** Below this a description says nothing useful: the column goes, and lines are cut at the width. */
const MIN_DESCRIPTION = 12;
const CODES_HEADER = ['CODE', 'VALUE', 'RELEASES', 'DESCRIPTION'] as const;

/**
 * The catalog as a table. A value in parentheses does not count as a numeric hit of its entry in
 * `era` (0, or a shared value that means the other era's code). With a width (a terminal), the
 * DESCRIPTION is cut to fit; without one (a pipe, a file) nothing is cut.
 */
export function renderCodesTable(catalog: Catalog, era: Era, width: number | null): string {
  const entries = sortEntries(catalog.entries);
  let marked = false;
  const rows = entries.map((entry) => {
    const facts = describeEntry(catalog, entry);
    const counted = facts.value === null || facts.numericHitsIn.includes(era);
    if (!counted) marked = true;
    const value = facts.value === null ? '-' : counted ? facts.value : `(${facts.value})`;
    return [entry.code, value, entry.releases || '-', entry.description].map(replaceControls);
  });
  const all = [[...CODES_HEADER], ...rows];
  // Loops, not Math.max(...rows): a site catalog may be large, and spread arguments overflow the stack.
  const widths = [0, 1, 2].map((c) => all.reduce((width, row) => Math.max(width, visibleWidth(row[c])), 0));
  const fixed = widths.reduce((a, b) => a + b, 0) + SEPARATOR.length * widths.length;
  const descWidth = width === null ? null : width - fixed;
  const lines = all.map((row) => {
    const cells = row.slice(0, 3).map((cell, c) => cell + ' '.repeat(widths[c] - visibleWidth(cell)));
    // Too narrow for a useful description: drop the column rather than show a lone ellipsis.
    const description = descWidth === null ? [row[3]] : descWidth >= MIN_DESCRIPTION ? [cutText(row[3], descWidth)] : [];
    const line = [...cells, ...description].join(SEPARATOR).trimEnd();
    // A cut inside a column's padding keeps one space before the ellipsis, not a run of them.
    return width !== null ? cutText(line, width).replace(/ {2,}…$/, ' …') : line;
  });
  if (marked) {
    const footnote = `(VALUE): with --era ${era}, a numeric hit of this value does not count as this code (0 never counts; a shared value means the other era's code).`;
    lines.push('', ...wrapUnits(footnote.split(' '), width, ''));
  }
  return lines.join('\n') + '\n';
}
