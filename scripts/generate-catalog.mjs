#!/usr/bin/env node
// Generates data/catalog.json from ../shared (Table C-1 seeds, the reference value table and its
// notes) plus scripts/descriptions.json (our own short words for codes beyond Table C-1).
// `npm run catalog` writes the file; test/catalog.test.ts regenerates it and compares.
//
// Usage: node scripts/generate-catalog.mjs [--shared DIR] [--stdout]

import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Parses a release range such as "3.3.3+", "3.3.3 only", "3.3.3–4.2.1" or "14+". */
export function parseRange(text) {
  const t = text.trim();
  let m = /^([\d.]+)\+$/.exec(t);
  if (m) return { from: m[1], to: null, text: t };
  m = /^([\d.]+) only$/.exec(t);
  if (m) return { from: m[1], to: m[1], text: t };
  m = /^([\d.]+)\s*[–-]\s*([\d.]+)$/.exec(t);
  if (m) return { from: m[1], to: m[2], text: t };
  throw new Error(`unparsable release range: ${JSON.stringify(text)}`);
}

export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const rangesOverlap = (a, b) =>
  (a.to === null || compareVersions(b.from, a.to) <= 0) && (b.to === null || compareVersions(a.from, b.to) <= 0);
const rangeHolds = (r, version) =>
  compareVersions(r.from, version) <= 0 && (r.to === null || compareVersions(version, r.to) <= 0);

function unionRange(ranges) {
  let from = ranges[0].from;
  let to = ranges[0].to;
  for (const r of ranges.slice(1)) {
    if (compareVersions(r.from, from) < 0) from = r.from;
    if (to !== null && (r.to === null || compareVersions(r.to, to) > 0)) to = r.to;
  }
  if (to === null) return `${from}+`;
  return from === to ? `${from} only` : `${from}–${to}`;
}

/** "NAME (range)<br>NAME (range)" -> [{ name, range }] */
function parseNameCell(cell, kind) {
  if (!cell.trim()) return [];
  return cell.split('<br>').map((part) => {
    const m = /^\s*([A-Z0-9_]+)\s*\(([^)]*)\)\s*$/.exec(part);
    if (!m) throw new Error(`unparsable name cell: ${JSON.stringify(part)}`);
    return { name: m[1], kind, range: parseRange(m[2]) };
  });
}

export function parseValueTable(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines.shift().split('\t');
  if (header[0] !== 'hex' || header.length !== 7) throw new Error('unexpected header in cti-error-values.tsv');
  return lines.map((line) => {
    const [hex, signed, unsigned, errName, constant, client, in41] = line.split('\t');
    const value = Number.parseInt(hex, 16);
    if ((value | 0) !== Number(signed) || value >>> 0 !== Number(unsigned)) {
      throw new Error(`value spellings disagree in row ${hex}`);
    }
    return {
      value: `0x${hex.slice(2).toUpperCase().padStart(8, '0')}`,
      names: [
        ...parseNameCell(errName, 'errName'),
        ...parseNameCell(constant, 'constant'),
        ...parseNameCell(client ?? '', 'client'),
      ],
      in41: in41?.trim() === 'yes',
    };
  });
}

/** Table C-1 as extracted from the guide: "Name | Description |" cells. */
export function parseSeeds(text) {
  const cells = text.split('|').map((c) => c.replace(/\s+/g, ' ').trim());
  // The first cell holds the caption and the first header, the second the other header.
  const rows = [];
  for (let i = 2; i + 1 < cells.length; i += 2) {
    if (!cells[i]) continue;
    if (!/^[A-Z0-9_]+$/.test(cells[i])) throw new Error(`unexpected Table C-1 name: ${JSON.stringify(cells[i])}`);
    rows.push({ name: cells[i], description: cells[i + 1] });
  }
  return rows;
}

/** The table of Table C-1 spellings that differ from the software's, from NOTES.md. */
export function parseDocSpellings(notes) {
  const out = [];
  for (const line of notes.split('\n')) {
    const m = /^\|\s*`([A-Z0-9_]+)`[^|]*\|\s*`(0x[0-9A-Fa-f]{8})`\s*\|\s*`([A-Z0-9_]+)`\s*\|/.exec(line);
    if (m) out.push({ docName: m[1], value: `0x${m[2].slice(2).toUpperCase()}`, softwareName: m[3], typo: /typo/i.test(line) });
  }
  return out;
}

const normalise = (name) => name.replace(/^CTIERR_/, '').replace(/_/g, '');
const kindRank = { tableC1: 0, errName: 1, constant: 2, client: 3 };
const ERA_41_RELEASE = '4.1.3';

export function buildCatalog({ seedsText, tsvText, notesText, descriptions }) {
  const rows = parseValueTable(tsvText);
  const seeds = parseSeeds(seedsText);
  const docSpellings = parseDocSpellings(notesText);
  if (rows.length === 0 || seeds.length === 0) throw new Error('empty inputs');

  // 1. Where each name lives now: the occurrence whose range reaches furthest.
  const occurrences = new Map();
  for (const row of rows) {
    for (const n of row.names) {
      if (!occurrences.has(n.name)) occurrences.set(n.name, []);
      occurrences.get(n.name).push({ value: row.value, range: n.range });
    }
  }
  const homeOf = new Map();
  for (const [name, occ] of occurrences) {
    const best = [...occ].sort((a, b) => {
      if ((a.range.to === null) !== (b.range.to === null)) return a.range.to === null ? -1 : 1;
      return compareVersions(b.range.to ?? b.range.from, a.range.to ?? a.range.from) || compareVersions(b.range.from, a.range.from);
    })[0];
    const currentValues = new Set(occ.filter((o) => o.range.to === null).map((o) => o.value));
    if (currentValues.size > 1) throw new Error(`${name} is current at two values`);
    homeOf.set(name, best.value);
  }

  // 2. Meanings per value: names at home there, grouped when their ranges overlap or when they
  //    are spellings of one another (TEMPORARY_FAILURE -> CTIERR_TEMPORARY_FAILURE).
  const entries = [];
  const byValue = new Map();
  for (const row of rows) {
    const home = row.names.filter((n) => homeOf.get(n.name) === row.value);
    const groups = [];
    for (const n of home) {
      const joined = groups.filter((g) =>
        g.some((m) => m.name === n.name || normalise(m.name) === normalise(n.name) || rangesOverlap(m.range, n.range)),
      );
      const merged = [n, ...joined.flat()];
      for (const g of joined) groups.splice(groups.indexOf(g), 1);
      groups.push(merged);
    }
    const meanings = groups.map((names) => ({
      value: row.value,
      names,
      releases: unionRange(names.map((n) => n.range)),
      era: null,
      formerValues: [],
      formerMeanings: [],
      tableC1: [],
    }));
    if (meanings.length > 1) {
      for (const m of meanings) {
        const ranges = m.names.map((n) => n.range);
        if (ranges.some((r) => r.to === null)) m.era = 'modern';
        else if (ranges.some((r) => rangeHolds(r, ERA_41_RELEASE))) m.era = '4.1';
        else throw new Error(`${row.value}: a meaning that is neither modern nor 4.1`);
      }
      if (new Set(meanings.map((m) => m.era)).size !== meanings.length) {
        throw new Error(`${row.value}: two meanings in one era`);
      }
    }
    byValue.set(row.value, { row, meanings });
    entries.push(...meanings);
  }
  const entryOfName = (name) => {
    const home = homeOf.get(name);
    return home && byValue.get(home).meanings.find((m) => m.names.some((n) => n.name === name));
  };

  // 3. Names that moved: the value they left is remembered on both sides (notes are written once
  //    codes are chosen); a value left with no meaning of its own (CTIERR_DEVICE_RESTRICTED's
  //    0x8CCC00A6) still resolves to the code that had it.
  for (const [name, occ] of occurrences) {
    const target = entryOfName(name);
    for (const o of occ) {
      if (o.value === target.value || target.formerValues.some((f) => f.value === o.value)) continue;
      target.formerValues.push({ value: o.value, releases: o.range.text });
      for (const other of byValue.get(o.value).meanings) other.formerMeanings.push({ of: target, releases: o.range.text });
    }
  }

  // 4. Table C-1: every name finds its entry directly or through a documented spelling.
  for (const seed of seeds) {
    let entry = entryOfName(seed.name);
    let spelling = null;
    if (!entry) {
      spelling = docSpellings.find((d) => d.docName === seed.name);
      if (!spelling) throw new Error(`Table C-1 name ${seed.name} is not in the reference table`);
      entry = entryOfName(spelling.softwareName);
      if (!entry || entry.value !== spelling.value) throw new Error(`documented spelling of ${seed.name} does not resolve`);
    }
    entry.tableC1.push({ ...seed, spelling });
  }

  // 5. Name, aliases, description, notes.
  const tableC1Names = new Set(seeds.map((s) => s.name));
  const catalogEntries = entries.map((m) => {
    const candidates = [
      ...m.tableC1.filter((t) => !t.spelling).map((t) => ({ name: t.name, kind: 'tableC1', range: null })),
      ...m.names,
    ];
    const errNames = new Set(m.names.filter((n) => n.kind === 'errName').map((n) => n.name));
    candidates.sort((a, b) => {
      if (a.kind === 'tableC1' && b.kind === 'tableC1') return Number(errNames.has(b.name)) - Number(errNames.has(a.name));
      if (a.kind !== b.kind) return kindRank[a.kind] - kindRank[b.kind];
      if ((a.range.to === null) !== (b.range.to === null)) return a.range.to === null ? -1 : 1;
      return (
        compareVersions(b.range.from, a.range.from) ||
        Number(b.name.startsWith('CTIERR_')) - Number(a.name.startsWith('CTIERR_')) ||
        a.name.localeCompare(b.name)
      );
    });
    const code = candidates[0].name;
    const allNames = new Set([...m.names.map((n) => n.name), ...m.tableC1.map((t) => t.name)]);
    const aliases = [...allNames].filter((n) => n !== code).sort();
    const seedRow = m.tableC1.find((t) => t.name === code) ?? m.tableC1[0];
    const notes = m.formerValues.map((f) => `This code was ${f.value} in JTAPI ${f.releases}.`);
    // The software's spelling of a name the guide misspells is what real logs hold (CONTRACT.md):
    // it is matched like the Table C-1 name itself.
    const softwareSpellings = new Set(m.tableC1.filter((t) => t.spelling).map((t) => t.spelling.softwareName));
    const matched = (name) => tableC1Names.has(name) || softwareSpellings.has(name) || name.startsWith('CTIERR_');
    for (const t of m.tableC1) {
      if (t.spelling) {
        notes.push(`Table C-1 spells it ${t.name}${t.spelling.typo ? ' (a typo in the guide)' : ''}; the software prints ${t.spelling.softwareName}. Both are matched.`);
      }
    }
    if (m.tableC1.length > 1) {
      notes.push(`Table C-1 lists ${m.tableC1.map((t) => t.name).join(' and ')} as separate rows; they are one code.`);
    }
    return {
      code,
      value: m.value,
      aliases,
      description: seedRow ? seedRow.description : (descriptions[code] ?? ''),
      source: seedRow ? 'Table C-1' : 'reference',
      releases: m.releases,
      ...(m.era ? { era: m.era } : {}),
      matchNames: [...allNames].filter(matched).sort(),
      ...(m.formerValues.length ? { formerValues: m.formerValues } : {}),
      notes,
    };
  });

  const codeOf = (meaning) => catalogEntries[entries.indexOf(meaning)].code;
  entries.forEach((m, i) => {
    for (const f of m.formerMeanings) {
      catalogEntries[i].notes.push(`In JTAPI ${f.releases} this value was ${codeOf(f.of)} (which is ${f.of.value} since).`);
    }
  });

  // 6. Era notes for values with two meanings, and codes whose names are easy to confuse.
  for (const { row, meanings } of byValue.values()) {
    if (meanings.length < 2) continue;
    const codes = meanings.map((m) => catalogEntries[entries.indexOf(m)]);
    const modern = codes.find((c) => c.era === 'modern');
    const old = codes.find((c) => c.era === '4.1');
    for (const c of codes) {
      c.notes.push(
        `${row.value} means ${old.code} up to ${old.releases.split('–')[1] ?? old.releases} and ${modern.code} from ${modern.releases.replace('+', '')}; a numeric hit takes the modern meaning unless --era 4.1 is given.`,
      );
    }
  }
  for (const a of catalogEntries) {
    for (const b of catalogEntries) {
      if (a === b) continue;
      const confusable = [a.code, ...a.aliases].some((x) => [b.code, ...b.aliases].some((y) => normalise(x) === normalise(y)));
      if (confusable) a.notes.push(`Not the same code as ${b.code} (${b.value}).`);
    }
  }
  const codes = new Set();
  for (const e of catalogEntries) {
    if (codes.has(e.code)) throw new Error(`duplicate code ${e.code}`);
    codes.add(e.code);
  }
  for (const key of Object.keys(descriptions)) {
    if (!codes.has(key)) throw new Error(`scripts/descriptions.json names an unknown code ${key}`);
  }

  // 7. Numeric resolution, per era, for every value of the reference table.
  const values = {};
  for (const { row, meanings } of byValue.values()) {
    let modern;
    let old;
    if (meanings.length === 0) {
      const holder = catalogEntries.find((e) => e.formerValues?.some((f) => f.value === row.value));
      modern = old = holder.code;
    } else if (meanings.length === 1) {
      modern = old = catalogEntries[entries.indexOf(meanings[0])].code;
    } else {
      modern = catalogEntries[entries.indexOf(meanings.find((m) => m.era === 'modern'))].code;
      old = catalogEntries[entries.indexOf(meanings.find((m) => m.era === '4.1'))].code;
    }
    values[row.value] = { modern, '4.1': old };
  }

  catalogEntries.sort((a, b) => a.value.localeCompare(b.value) || a.code.localeCompare(b.code));
  return {
    schemaVersion: 1,
    generatedBy: 'scripts/generate-catalog.mjs',
    eras: {
      modern: 'JTAPI 5.0.1 and later (the default)',
      '4.1': 'JTAPI 4.1.3, the release Table C-1 documents',
    },
    entries: catalogEntries,
    values,
  };
}

export function generateFromShared(sharedDir) {
  const seedsDir = join(sharedDir, 'seeds');
  const seedFiles = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort();
  return buildCatalog({
    seedsText: seedFiles.map((f) => readFileSync(join(seedsDir, f), 'utf8')).join('|'),
    tsvText: readFileSync(join(sharedDir, 'reference', 'cti-error-values.tsv'), 'utf8'),
    notesText: readFileSync(join(sharedDir, 'reference', 'NOTES.md'), 'utf8'),
    descriptions: JSON.parse(readFileSync(join(root, 'scripts', 'descriptions.json'), 'utf8')),
  });
}

export const renderCatalog = (catalog) => `${JSON.stringify(catalog, null, 2)}\n`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sharedAt = args.indexOf('--shared');
  const sharedDir = sharedAt >= 0 ? resolve(args[sharedAt + 1]) : resolve(root, '..', 'shared');
  const text = renderCatalog(generateFromShared(sharedDir));
  if (args.includes('--stdout')) process.stdout.write(text);
  else {
    writeFileSync(join(root, 'data', 'catalog.json'), text);
    process.stderr.write(`wrote data/catalog.json\n`);
  }
}
