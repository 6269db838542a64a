#!/usr/bin/env node
// `npm run bench`: cti-logscan against GNU grep (and ripgrep, when installed) in one run.
//
// What it does, in order:
//  0. Copies dist/ and data/ to bench-data/build/ and times that copy (the tree is shared: a
//     rebuild of dist/ by someone else mid-run must not mix two builds in one table).
//  1. Prints the machine (cores, CPU, memory, Node, grep, ripgrep, gzip), the date and the load
//     average before and after timing: numbers only mean something next to the machine (and how
//     busy it was) they came from.
//  2. Generates deterministic CUCM-like data into bench-data/ (gitignored) with
//     scripts/bench-data.mjs: one ~BENCH_MB MB SDL trace, the same gzip-compressed, the same size
//     as 16 trace files, and one single line of 0.75 x BENCH_MB MB. A manifest records the
//     parameters (and a hash of the generator and the catalog) so an unchanged data set is reused.
//  3. Writes bench-data/patterns.txt from data/catalog.json: every matchable name and every
//     numeric spelling of every non-zero value (0x + lower-case hex, 0x + upper-case hex digits,
//     unsigned, signed) -- what cti-logscan matches, for grep -F -w -f.
//  4. Correctness gate, before any timing (a fast wrong answer is no result): for every input,
//     cti-logscan's per-code counts (JSON report, codes[].count = lines with the code) must equal
//     what grep finds. grep -o prints occurrences and spells one code several ways, so its side is
//     `grep -n -F -o -w -f patterns`, each token mapped to its code through the catalog (numbers
//     by their modern-era meaning, as cti-logscan's default), counting distinct (file, line,
//     code). The generator's own record of what it planted is a third opinion. Also: the 16-file
//     reports of the default --jobs and of --jobs 1 must be identical. Any mismatch exits 1.
//  5. Timing: every command once per round, the order rotated each round (so no command always
//     runs first or right after another), BENCH_RUNS rounds (default 3); medians of wall time.
//     Peak RSS and CPU seconds of each cti-logscan run through /usr/bin/time when present. Every timed
//     cti-logscan run is checked again against the gate's counts.
//     Two extra rows run the 16-file work as two processes on half the files each, in parallel:
//     two greps measure what two cores give on this machine right now (the ceiling for any --jobs
//     speed-up); two cti-logscan --jobs 1 show what that gives cti-logscan, start-up and all.
//     Node's own start-up (`node -e 0`) is timed too, and without NODE_EXTRA_CA_CERTS when set.
//  6. Prints a Markdown table (median s, MB/s, ratio to the grep row of the same input, peak RSS)
//     and the issue's targets as PASS/FAIL lines. Targets failing do not change the exit code
//     (0): they are measurements; only wrong answers (or failing commands) exit 1.
//
// Environment: BENCH_MB (default 400), BENCH_RUNS (default 3), BENCH_KEEP=1 (keep bench-data/
// for the next run; by default the generated files are removed at the end), BENCH_SEED,
// BENCH_SINGLE_MB (default 0.75 x BENCH_MB). MB are 10^6 bytes everywhere, RSS included.
// ripgrep rows are skipped, with a note, when `rg` is not installed.
//
// Why the commands look the way they do (see ../shared/PERF-NOTES.md):
// - grep's output goes through `sort | uniq -c`, never to /dev/null (grep stops at the first
//   match when its output is /dev/null); LC_ALL=C for the whole pipeline (byte semantics, and
//   grep -w's word characters are then exactly [A-Za-z0-9_], the contract's boundary).
// - Inputs are hundreds of MB because Node's start-up (0.3-0.6 s) would otherwise dominate; the
//   start-up is measured on its own (a two-line file) and an "excl. start-up" MB/s is printed.
// - All files are read once before the gate, so every timed run reads from the page cache.

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MB, generatePlain, generateSingleLine, generateSplit, gzipFile, loadCatalog, spellings } from './bench-data.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'bench-data');
const OUT = path.join(DATA, 'out');
// The build that is timed: a copy of dist/ and data/ taken at the start (see snapshotBuild).
const BUILD = path.join(DATA, 'build');
const CLI = path.join(BUILD, 'dist', 'cli.js');
const CLI_REL = path.relative(DATA, CLI); // commands run in bench-data/
const BUILD_CATALOG = path.join(BUILD, 'data', 'catalog.json');
const GENERATOR = path.join(ROOT, 'scripts', 'bench-data.mjs');
const PROBE = path.join(ROOT, 'scripts', 'stream-probe.mjs');

const envNumber = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) die(`${name} must be a positive number, got "${raw}"`);
  return n;
};
const SIZE_MB = envNumber('BENCH_MB', 400);
const RUNS = Math.round(envNumber('BENCH_RUNS', 3));
const SEED = Math.round(envNumber('BENCH_SEED', 20260314)) >>> 0;
const SINGLE_MB = envNumber('BENCH_SINGLE_MB', SIZE_MB * 0.75);
const KEEP = /^(1|true|yes)$/i.test(process.env.BENCH_KEEP ?? '');
const FILES = 16;
const RSS_LIMIT_MB = 150;

// Names of the data files, relative to bench-data/ (commands run there, so they read short).
const F = {
  plain: 'plain.txt',
  gzip: 'plain.txt.gz',
  splitDir: 'split',
  single: 'single-line.txt',
  tiny: 'tiny.txt',
  patterns: 'patterns.txt',
  manifest: 'manifest.json',
};

function die(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Shell helpers
// ---------------------------------------------------------------------------------------------

// Children get a C locale and no user configuration that would change grep's or rg's behaviour.
const CHILD_ENV = { ...process.env, LC_ALL: 'C' };
for (const name of ['RIPGREP_CONFIG_PATH', 'GREP_OPTIONS', 'GREP_COLOR', 'GREP_COLORS']) delete CHILD_ENV[name];

/** Runs a bash command line in bench-data/, for its output (small outputs only). */
function sh(command) {
  const r = spawnSync('bash', ['-c', command], { cwd: fs.existsSync(DATA) ? DATA : ROOT, env: CHILD_ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const firstLine = (command) => {
  const r = sh(command);
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : null;
};
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

const HAVE_RG = sh('command -v rg').status === 0;
// GNU time's -f %M is the peak resident set size in KiB (of the process; threads included); %U
// and %S its user and system CPU seconds (every thread's).
const HAVE_TIME = fs.existsSync('/usr/bin/time') && sh('/usr/bin/time -f %M -o /dev/null bash -c :').status === 0;

/**
 * Runs one command (bash, pipefail) in bench-data/ with stdout into `outFile`; gives wall seconds,
 * exit status, stderr, and peak RSS in MB and CPU seconds (user + system) when `rss` and
 * /usr/bin/time is there.
 */
function timed(command, outFile, { rss = false } = {}) {
  const rssFile = `${outFile}.rss`;
  const line = rss && HAVE_TIME ? `/usr/bin/time -f '%M %U %S' -o ${q(rssFile)} ${command}` : command;
  const fd = fs.openSync(outFile, 'w');
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${line}`], { cwd: DATA, env: CHILD_ENV, stdio: ['ignore', fd, 'pipe'], maxBuffer: 16 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  fs.closeSync(fd);
  let rssMB = null;
  let cpu = null;
  if (rss && HAVE_TIME && fs.existsSync(rssFile)) {
    const last = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (last) {
      rssMB = (Number(last[1]) * 1024) / MB;
      cpu = Number(last[2]) + Number(last[3]);
    }
    fs.rmSync(rssFile);
  }
  return { seconds, status: r.status, signal: r.signal, stderr: (r.stderr ?? '').toString(), rssMB, cpu };
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------
const fmt = (n, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (bytes) => bytes / MB;
const log = (...args) => console.log(...args);
const progress = (text) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------------------------------------
// 1. Machine
// ---------------------------------------------------------------------------------------------
const loadText = () => `1/5/15-min load average ${os.loadavg().map((x) => fmt(x, 2)).join(' / ')}`;

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    nproc: firstLine('nproc'),
    cpu: model,
    memory: `${fmt(os.totalmem() / 2 ** 30, 1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    grep: firstLine('grep --version'),
    rg: HAVE_RG ? firstLine('rg --version') : null,
    gzip: firstLine('gzip --version'),
    time: HAVE_TIME ? '/usr/bin/time -f "%M %U %S"' : null,
    tool: firstLine(`node ${q(CLI)} --version`),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Data
// ---------------------------------------------------------------------------------------------
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const dataPath = (name) => path.join(DATA, name);
const splitFiles = (manifest) => manifest.split.files.map((f) => path.relative(DATA, f.file));

/** Removes what this script generates (only its own names: bench-data/ may hold other things). */
function removeData({ build = true } = {}) {
  for (const name of [F.plain, F.gzip, F.single, F.tiny, F.patterns, F.manifest]) fs.rmSync(dataPath(name), { force: true });
  for (const dir of [F.splitDir, 'out', ...(build ? ['build'] : [])]) fs.rmSync(dataPath(dir), { recursive: true, force: true });
  if (!build) return;
  try {
    fs.rmdirSync(DATA); // only if empty
  } catch {}
}

async function prepareData(catalog) {
  const params = {
    generator: sha256(GENERATOR),
    catalog: sha256(BUILD_CATALOG),
    seed: SEED,
    mb: SIZE_MB,
    singleMb: SINGLE_MB,
    files: FILES,
  };
  const manifestFile = dataPath(F.manifest);
  if (fs.existsSync(manifestFile)) {
    const old = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const sameParams = JSON.stringify(old.params) === JSON.stringify(params);
    const intact = sameParams && [[F.plain, old.plain.bytes], [F.gzip, old.gzip.bytes], [F.single, old.single.bytes], ...old.split.files.map((f) => [path.relative(DATA, f.file), f.bytes])]
      .every(([name, bytes]) => fs.existsSync(dataPath(name)) && fs.statSync(dataPath(name)).size === bytes);
    if (intact) {
      log(`data: reusing bench-data/ (manifest matches: seed ${SEED}, ${SIZE_MB} MB, generator and catalog unchanged)`);
      return old;
    }
  }
  removeData({ build: false });
  const t0 = performance.now();
  const bytes = Math.round(SIZE_MB * MB);
  progress(`data: generating ${fmt(SIZE_MB)} MB plain trace...`);
  const plain = generatePlain({ file: dataPath(F.plain), bytes, seed: SEED, catalog });
  progress('data: gzip...');
  const gzip = await gzipFile(dataPath(F.plain), dataPath(F.gzip));
  progress(`data: ${FILES} files...`);
  const split = generateSplit({ dir: dataPath(F.splitDir), bytes, seed: (SEED + 1000) >>> 0, files: FILES, catalog });
  progress(`data: single line of ${fmt(SINGLE_MB)} MB...`);
  const single = generateSingleLine({ file: dataPath(F.single), bytes: Math.round(SINGLE_MB * MB), seed: (SEED + 2000) >>> 0, catalog });
  const manifest = { params, plain, gzip, split, single };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`data: generated in ${fmt((performance.now() - t0) / 1000, 1)} s into bench-data/ (seed ${SEED})`);
  return manifest;
}

/** The first two lines of the plain trace (FileHead and one more): start-up alone. */
function writeTiny() {
  const fd = fs.openSync(dataPath(F.plain), 'r');
  const head = Buffer.alloc(4096);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  fs.writeFileSync(dataPath(F.tiny), `${head.subarray(0, n).toString('latin1').split('\n').slice(0, 2).join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// 3. Patterns: what cti-logscan matches, as fixed strings for grep/rg, and token -> code.
// ---------------------------------------------------------------------------------------------
function buildPatterns(catalog) {
  const tokenCode = new Map();
  const add = (token, code) => {
    const had = tokenCode.get(token);
    if (had !== undefined && had !== code) die(`catalog: token ${token} means both ${had} and ${code}`);
    tokenCode.set(token, code);
  };
  // A name hit always means the entry that bears the name.
  for (const entry of catalog.entries) for (const name of entry.matchNames) add(name, entry.code);
  // A numeric hit means the entry holding the value in the default era (modern); 0 never counts.
  for (const [hex, eras] of Object.entries(catalog.values)) {
    const value = parseInt(hex, 16) >>> 0;
    if (value === 0) continue;
    const s = spellings(value);
    for (const token of [s.hexLower, s.hexUpper, s.unsigned, s.signed]) if (token) add(token, eras.modern);
  }
  fs.writeFileSync(dataPath(F.patterns), `${[...tokenCode.keys()].join('\n')}\n`);
  return tokenCode;
}

// ---------------------------------------------------------------------------------------------
// 4. Correctness gate
// ---------------------------------------------------------------------------------------------
const GREP = `grep -F -o -w -f ${F.patterns}`;
const cti = (args) => `node ${CLI_REL} --format json --quiet --color never ${args}`;

/** Runs a cti-logscan command; exits on a failed run (exit 2 or worse); gives the parsed report. */
function runCti(command, outFile, label) {
  const r = timed(command, outFile, { rss: true });
  if (r.status !== 0 && r.status !== 1) die(`${label}: cti-logscan exited ${r.status ?? r.signal}: ${r.stderr.trim()}\n  command: ${command}`);
  const text = fs.readFileSync(outFile, 'utf8');
  let report;
  try {
    report = JSON.parse(text);
  } catch (error) {
    die(`${label}: cti-logscan's output is not JSON (${error.message})`);
  }
  return { ...r, text, report };
}

const ctiCounts = (report) => new Map(report.codes.map((c) => [c.code, c.count]));

/**
 * grep's answer as cti-logscan's: `grep -H -n -o` prints file:line:token per occurrence; tokens
 * map to codes; distinct (file, line, code) are the hits.
 */
function grepCounts(command, tokenCode, label) {
  const out = path.join(OUT, 'gate-grep.txt');
  const r = timed(command, out);
  if (r.status !== 0) die(`${label}: grep exited ${r.status ?? r.signal}: ${r.stderr.trim()}\n  command: ${command}`);
  const seen = new Set();
  const counts = new Map();
  for (const row of fs.readFileSync(out, 'utf8').split('\n')) {
    if (!row) continue;
    const c2 = row.lastIndexOf(':');
    const token = row.slice(c2 + 1);
    const code = tokenCode.get(token);
    if (code === undefined) die(`${label}: grep printed a token that is not a pattern: ${JSON.stringify(row)}`);
    const key = `${row.slice(0, c2)}:${code}`; // file:line:code
    if (seen.has(key)) continue;
    seen.add(key);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  fs.rmSync(out);
  return counts;
}

/** Compares the three opinions; prints one line, or a diff table; gives whether cti = grep. */
function compare(label, cti, grep, planted) {
  const codes = [...new Set([...cti.keys(), ...grep.keys(), ...Object.keys(planted)])].sort();
  const diff = codes.filter((c) => (cti.get(c) ?? 0) !== (grep.get(c) ?? 0) || (grep.get(c) ?? 0) !== (planted[c] ?? 0));
  const total = [...grep.values()].reduce((a, b) => a + b, 0);
  const ctiOk = codes.every((c) => (cti.get(c) ?? 0) === (grep.get(c) ?? 0));
  if (diff.length === 0) {
    log(`  ok    ${label}: ${codes.length} codes, ${fmt(total)} hits; cti-logscan = grep = generator`);
    return true;
  }
  log(`  ${ctiOk ? 'WARN' : 'FAIL'}  ${label}: ${ctiOk ? 'cti-logscan = grep, but the generator planted something else (a harness bug)' : 'cti-logscan and grep disagree'}`);
  log('        code                                            cti-logscan      grep  generator');
  for (const c of diff.slice(0, 30)) log(`        ${c.padEnd(48)} ${fmt(cti.get(c) ?? 0).padStart(11)} ${fmt(grep.get(c) ?? 0).padStart(9)} ${fmt(planted[c] ?? 0).padStart(10)}`);
  if (diff.length > 30) log(`        ... and ${diff.length - 30} more`);
  return ctiOk;
}

/** Checks bytes and lines of a report against what was generated (lines: a warning only). */
function checkInputs(label, report, bytes, lines) {
  const problems = [];
  if (report.inputs.bytes !== bytes) problems.push(`inputs.bytes ${report.inputs.bytes}, expected ${bytes}`);
  if (report.inputs.errors?.length) problems.push(`errors: ${JSON.stringify(report.inputs.errors)}`);
  if (problems.length) {
    log(`  FAIL  ${label}: ${problems.join('; ')}`);
    return false;
  }
  if (report.inputs.lines !== lines) log(`  WARN  ${label}: inputs.lines ${report.inputs.lines}, the generator wrote ${lines} lines`);
  return true;
}

function gate(manifest, tokenCode) {
  log('\ncorrectness gate (cti-logscan codes[].count vs distinct line+code pairs from grep -n -o -w; the generator as a third opinion):');
  const files = splitFiles(manifest).join(' '); // our own names: nothing to quote
  const checks = [
    { key: 'plain', label: `${F.plain} (${fmt(mb(manifest.plain.bytes))} MB)`, ctiArgs: F.plain, grep: `${GREP} -H -n ${F.plain}`, planted: manifest.plain.planted, bytes: manifest.plain.bytes, lines: manifest.plain.lines },
    { key: 'gzip', label: `${F.gzip} (zcat | grep)`, ctiArgs: F.gzip, grep: `zcat ${F.gzip} | ${GREP} -H -n --label=${F.gzip}`, planted: manifest.plain.planted, bytes: manifest.plain.bytes, lines: manifest.plain.lines },
    { key: 'split', label: `${FILES} files, default --jobs`, ctiArgs: files, grep: `${GREP} -H -n ${files}`, planted: manifest.split.planted, bytes: manifest.split.bytes, lines: manifest.split.lines },
    { key: 'split1', label: `${FILES} files, --jobs 1`, ctiArgs: `--jobs 1 ${files}`, grep: null, planted: manifest.split.planted, bytes: manifest.split.bytes, lines: manifest.split.lines },
    { key: 'single', label: `${F.single} (one ${fmt(mb(manifest.single.bytes))} MB line)`, ctiArgs: F.single, grep: `${GREP} -H -n ${F.single}`, planted: manifest.single.planted, bytes: manifest.single.bytes, lines: 1 },
  ];
  const expected = {};
  let ok = true;
  let grepSplit = null;
  for (const c of checks) {
    const run = runCti(cti(c.ctiArgs), path.join(OUT, `gate-${c.key}.json`), c.label);
    const grep = c.grep ? grepCounts(c.grep, tokenCode, c.label) : grepSplit;
    if (c.key === 'split') grepSplit = grep;
    ok = compare(c.label, ctiCounts(run.report), grep, c.planted) && ok;
    ok = checkInputs(c.label, run.report, c.bytes, c.lines) && ok;
    expected[c.key] = { counts: grep, text: run.text };
  }
  // --jobs must not change the report (CONTRACT.md: "the report is the same for any N").
  const same = expected.split.text === expected.split1.text;
  log(`  ${same ? 'ok   ' : 'FAIL '} ${FILES}-file reports of the default --jobs and --jobs 1 are ${same ? 'identical' : 'DIFFERENT'}`);
  if (!same) ok = false;
  if (!ok) {
    log('\nbench: cti-logscan gives a different answer from grep: nothing is timed (a fast wrong answer is no result).');
    log(`bench: outputs kept in ${path.relative(ROOT, OUT)}/ and data in bench-data/ for a look.`);
    process.exit(1);
  }
  return expected;
}

// ---------------------------------------------------------------------------------------------
// 5. Timing
// ---------------------------------------------------------------------------------------------
function rowsFor(manifest, expected) {
  const files = splitFiles(manifest).join(' '); // our own names: nothing to quote
  const half = Math.ceil(FILES / 2);
  const halves = [splitFiles(manifest).slice(0, half).join(' '), splitFiles(manifest).slice(half).join(' ')];
  const plainMB = mb(manifest.plain.bytes);
  const rows = [
    { id: 'cti-plain', group: 'plain', what: 'cti-logscan --format json', input: `plain ${fmt(plainMB)} MB`, mb: plainMB, cmd: cti(F.plain), expect: expected.plain },
    { id: 'grep-plain', group: 'plain', ref: true, what: 'grep -F -o -w -f patterns \\| sort \\| uniq -c', input: 'plain', mb: plainMB, cmd: `${GREP} ${F.plain} | sort | uniq -c` },
    HAVE_RG && { id: 'rg-plain', group: 'plain', what: 'rg -j1 -F -o -w -f patterns \\| sort \\| uniq -c', input: 'plain', mb: plainMB, cmd: `rg -j1 -F -o -w -f ${F.patterns} ${F.plain} | sort | uniq -c`, sameAs: 'grep-plain' },
    { id: 'cat-plain', group: 'plain', what: 'cat > /dev/null (floor)', input: 'plain', mb: plainMB, cmd: `cat ${F.plain} > /dev/null` },
    // The design card's stream modules on the same file, without any matching (README, "Dependencies"):
    // split2 splitting lines alone, and through2 passing 1 MiB chunks through, against the whole scan above.
    { id: 'split2-plain', group: 'plain', what: 'node: split2 lines, counted (no matching)', input: 'plain', mb: plainMB, cmd: `node ${q(PROBE)} split2 ${F.plain}` },
    { id: 'through2-plain', group: 'plain', what: 'node: through2 pass-through of 1 MiB chunks (no matching)', input: 'plain', mb: plainMB, cmd: `node ${q(PROBE)} through2 ${F.plain}` },
    { id: 'cti-gzip', group: 'gzip', what: 'cti-logscan --format json', input: `gzip ${fmt(mb(manifest.gzip.bytes))} MB`, mb: plainMB, cmd: cti(F.gzip), expect: expected.gzip },
    { id: 'zgrep-gzip', group: 'gzip', ref: true, what: 'zcat \\| grep ... \\| sort \\| uniq -c', input: 'gzip', mb: plainMB, cmd: `zcat ${F.gzip} | ${GREP} | sort | uniq -c`, sameAs: 'grep-plain' },
    { id: 'zcat-gzip', group: 'gzip', what: 'zcat > /dev/null (decompression floor)', input: 'gzip', mb: plainMB, cmd: `zcat ${F.gzip} > /dev/null` },
    { id: 'cti-split', group: 'split', what: 'cti-logscan --format json (default --jobs)', input: `${FILES} files ${fmt(mb(manifest.split.bytes))} MB`, mb: mb(manifest.split.bytes), cmd: cti(files), expect: expected.split, sameText: true },
    { id: 'cti-split-j1', group: 'split', what: 'cti-logscan --format json --jobs 1', input: `${FILES} files`, mb: mb(manifest.split.bytes), cmd: cti(`--jobs 1 ${files}`), expect: expected.split, sameText: true },
    { id: 'grep-split', group: 'split', ref: true, what: 'grep -h ... \\| sort \\| uniq -c', input: `${FILES} files`, mb: mb(manifest.split.bytes), cmd: `${GREP} -h ${files} | sort | uniq -c` },
    // The machine's own parallel ceiling: the same grep work as two processes on 8 files each.
    // On a shared or throttled VM this is well under 2x, and --jobs cannot beat it.
    { id: 'grep-split-x2', group: 'split', what: `2 x grep on ${half} files each, in parallel (parallel ceiling)`, input: `${FILES} files`, mb: mb(manifest.split.bytes), cmd: `(${GREP} -h ${halves[0]} | sort | uniq -c) & a=$!; (${GREP} -h ${halves[1]} | sort | uniq -c) & b=$!; wait $a && wait $b` },
    // cti-logscan's own ceiling, the same way: two --jobs 1 processes on 8 files each (each pays
    // its start-up; one process with workers pays one). Not checked or measured for RSS: a pair.
    { id: 'pair-cti-split', group: 'split', what: `2 x cti-logscan --jobs 1 on ${half} files each, in parallel`, input: `${FILES} files`, mb: mb(manifest.split.bytes), cmd: `(${cti(`--jobs 1 ${halves[0]}`)} > /dev/null; test $? -le 1) & a=$!; (${cti(`--jobs 1 ${halves[1]}`)} > /dev/null; test $? -le 1) & b=$!; wait $a && wait $b` },
    { id: 'cti-single', group: 'single', what: 'cti-logscan --format json', input: `one ${fmt(mb(manifest.single.bytes))} MB line`, mb: mb(manifest.single.bytes), cmd: cti(F.single), expect: expected.single },
    { id: 'grep-single', group: 'single', ref: true, what: 'grep ... \\| sort \\| uniq -c', input: 'one line', mb: mb(manifest.single.bytes), cmd: `${GREP} ${F.single} | sort | uniq -c` },
    { id: 'cti-startup', group: 'startup', what: 'cti-logscan start-up (a 2-line file)', input: 'tiny', mb: null, cmd: cti(F.tiny) },
    // What of the start-up is Node's own; NODE_EXTRA_CA_CERTS (set on some machines for other
    // tools) makes every Node process parse that certificate bundle first, scans included.
    { id: 'node-boot', group: 'startup', what: 'node -e 0 (Node itself)', input: '-', mb: null, cmd: 'node -e 0' },
    process.env.NODE_EXTRA_CA_CERTS && { id: 'node-boot-no-ca', group: 'startup', what: 'env -u NODE_EXTRA_CA_CERTS node -e 0', input: '-', mb: null, cmd: 'env -u NODE_EXTRA_CA_CERTS node -e 0' },
  ].filter(Boolean);
  for (const row of rows) row.isCti = row.id.startsWith('cti-');
  return rows;
}

/** Runs one timed command and checks its answer; gives { seconds, rssMB }. */
function runRow(row, outputs) {
  const outFile = path.join(OUT, `${row.id}.out`);
  if (row.isCti) {
    const r = runCti(row.cmd, outFile, row.id);
    // Anything cti-logscan says on stderr (with --quiet) is worth a look: shown under the table.
    const said = r.stderr.trim().split('\n')[0];
    if (said && !row.stderr) row.stderr = said;
    if (row.expect) {
      const counts = ctiCounts(r.report);
      const want = row.expect.counts;
      const same = counts.size === want.size && [...want].every(([code, n]) => counts.get(code) === n);
      if (!same || (row.sameText && r.text !== row.expect.text)) die(`${row.id}: a timed run gave a different report from the gate's (see ${path.relative(ROOT, outFile)})`);
    }
    return r;
  }
  const r = timed(row.cmd, outFile);
  if (r.status !== 0) die(`${row.id}: exited ${r.status ?? r.signal}: ${r.stderr.trim()}\n  command: ${row.cmd}`);
  const text = fs.readFileSync(outFile, 'utf8');
  if (row.ref || row.sameAs) {
    // The grep pipelines must print the same token counts run after run (and rg/zcat|grep the
    // same as grep on the plain file); a difference is reported, not fatal: they are references.
    const first = outputs.get(row.id);
    if (first === undefined) outputs.set(row.id, text);
    else if (first !== text) row.note = 'output changed between runs';
    const ref = row.sameAs && outputs.get(row.sameAs);
    if (ref && ref !== text) row.note = `token counts differ from ${row.sameAs}`;
  }
  return r;
}

function timeAll(rows) {
  log(`\ntiming: ${rows.length} commands x ${RUNS} rounds, order rotated every round (progress on stderr)`);
  const outputs = new Map();
  for (const row of rows) row.runs = [];
  for (let round = 0; round < RUNS; round++) {
    const order = rows.map((_, i) => rows[(i + round * 3) % rows.length]);
    const line = [];
    for (const row of order) {
      const r = runRow(row, outputs);
      row.runs.push(r);
      line.push(`${row.id} ${fmt(r.seconds, 2)}s`);
    }
    progress(`round ${round + 1}/${RUNS}: ${line.join(', ')}`);
  }
  for (const row of rows) {
    const secs = row.runs.map((r) => r.seconds);
    row.median = median(secs);
    row.min = Math.min(...secs);
    row.max = Math.max(...secs);
    const rss = row.runs.map((r) => r.rssMB).filter((x) => x !== null && x !== undefined);
    row.rss = rss.length ? Math.max(...rss) : null;
    const cpu = row.runs.map((r) => r.cpu).filter((x) => x !== null && x !== undefined);
    row.cpu = cpu.length ? median(cpu) : null;
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Report
// ---------------------------------------------------------------------------------------------
function table(rows) {
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  const startup = byId['cti-startup']?.median ?? null;
  const refOf = Object.fromEntries(rows.filter((r) => r.ref).map((r) => [r.group, r]));
  log('\n| what | input | s (median) | min-max s | MB/s | MB/s excl. start-up | time / grep | peak RSS MB | CPU s (cores) |');
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const ref = refOf[r.group];
    const mbps = r.mb ? r.mb / r.median : null;
    const net = r.isCti && r.mb && startup !== null && r.median > startup ? r.mb / (r.median - startup) : null;
    const ratio = ref ? r.median / ref.median : null;
    log(`| ${r.what}${r.note ? ` (${r.note})` : ''} | ${r.input} | ${fmt(r.median, 3)} | ${fmt(r.min, 2)}-${fmt(r.max, 2)} | ${fmt(mbps)} | ${fmt(net)} | ${fmt(ratio, 2)} | ${r.isCti ? fmt(r.rss, 1) : ''} | ${r.isCti && r.cpu !== null ? `${fmt(r.cpu, 2)} (${fmt(r.cpu / r.median, 2)})` : ''} |`);
  }
  log(`\nMB = 10^6 bytes; MB/s = input MB (uncompressed for gzip) / median wall time, start-up included;`);
  log(`"excl. start-up" subtracts cti-logscan's median start-up (${fmt(startup, 3)} s); "time / grep" is against the grep row of the same input.`);
  if (HAVE_TIME) log('CPU s = median user + system CPU seconds of every thread; cores = that / median wall time.');
  for (const r of rows) if (r.stderr) log(`note: ${r.id}: cti-logscan wrote to stderr: ${r.stderr}`);
  if (!HAVE_RG) log('ripgrep (rg) is not installed: its row and target are skipped.');
  if (!HAVE_TIME) log('/usr/bin/time (GNU time) is not available: no peak RSS or CPU seconds.');
  return byId;
}

function targets(byId, info) {
  log(`\ntargets (set for a 2-core machine; this one has ${info.cores} cores; ratios from this run):`);
  const line = (pass, text) => log(`${pass === null ? 'SKIP' : pass ? 'PASS' : 'FAIL'}  ${text}`);
  const cti = byId['cti-plain'];
  const grep = byId['grep-plain'];
  const r1 = cti.median / grep.median;
  line(r1 <= 0.6, `plain: cti-logscan ${fmt(cti.median, 3)} s / grep ${fmt(grep.median, 3)} s = ${fmt(r1, 3)} (target <= 0.60)`);
  const rg = byId['rg-plain'];
  if (rg) line(cti.median <= rg.median, `plain: cti-logscan ${fmt(cti.median, 3)} s vs rg -j1 ${fmt(rg.median, 3)} s = ${fmt(cti.median / rg.median, 3)} (target <= 1.00)`);
  else line(null, 'plain: cti-logscan vs rg -j1: ripgrep not installed');
  const gz = byId['cti-gzip'];
  const zg = byId['zgrep-gzip'];
  const zc = byId['zcat-gzip'];
  line(gz.median <= zg.median, `gzip: cti-logscan ${fmt(gz.median, 3)} s / zcat|grep ${fmt(zg.median, 3)} s = ${fmt(gz.median / zg.median, 3)} (target <= 1.00); decompression floor zcat > /dev/null ${fmt(zc.median, 3)} s (cti-logscan = ${fmt(gz.median / zc.median, 3)} x the floor)`);
  const sp = byId['cti-split'];
  const s1 = byId['cti-split-j1'];
  line(s1.median / sp.median >= 1.6, `${FILES} files: --jobs 1 ${fmt(s1.median, 3)} s / default --jobs ${fmt(sp.median, 3)} s = ${fmt(s1.median / sp.median, 3)}x (target >= 1.6x)`);
  const g = byId['grep-split'];
  const g2 = byId['grep-split-x2'];
  log(`info  ${FILES} files: the machine's parallel ceiling: grep over ${FILES} files ${fmt(g.median, 3)} s / two greps on ${FILES / 2} each in parallel ${fmt(g2.median, 3)} s = ${fmt(g.median / g2.median, 3)}x (2.00x on two idle cores)`);
  const pair = byId['pair-cti-split'];
  log(`info  ${FILES} files: two cti-logscan --jobs 1 processes on ${FILES / 2} files each in parallel ${fmt(pair.median, 3)} s: --jobs 1 ${fmt(s1.median, 3)} s / that = ${fmt(s1.median / pair.median, 3)}x`);
  // --jobs 1 is one scanning thread, but its reads (libuv's threads), V8's compiler and its GC
  // helpers run beside it, on the core it leaves idle: it already uses more than one core, and
  // two scanning threads on two cores can be at most 2 / that faster.
  if (s1.cpu !== null && sp.cpu !== null) {
    const cores = s1.cpu / s1.median;
    log(`info  ${FILES} files: CPU --jobs 1 ${fmt(s1.cpu, 2)} s (${fmt(cores, 2)} cores: ceiling for two threads ${fmt(2 / cores, 2)}x), default --jobs ${fmt(sp.cpu, 2)} s (${fmt(sp.cpu / s1.cpu, 2)} x the CPU of --jobs 1)`);
  }
  line(true, `${FILES} files: the reports of the default --jobs and --jobs 1 are identical (gate and every timed run)`);
  const split2Row = byId['split2-plain'];
  const through2Row = byId['through2-plain'];
  log(`info  plain: split2 splitting lines alone ${fmt(split2Row.median, 3)} s = ${fmt(split2Row.median / cti.median, 2)} x the whole scan (${fmt(cti.median, 3)} s); through2 passing chunks through ${fmt(through2Row.median, 3)} s`);
  const boot = byId['node-boot'];
  const bootNoCa = byId['node-boot-no-ca'];
  const startup = byId['cti-startup'];
  log(`info  start-up: cti-logscan ${fmt(startup.median, 3)} s, of which Node itself ${fmt(boot.median, 3)} s${bootNoCa ? ` (${fmt(bootNoCa.median, 3)} s without the NODE_EXTRA_CA_CERTS this machine sets)` : ''}`);
  if (HAVE_TIME) {
    const ctiRows = Object.values(byId).filter((r) => r.isCti && r.rss !== null);
    const worst = ctiRows.reduce((a, b) => (b.rss > a.rss ? b : a));
    const single = byId['cti-single'];
    line(cti.rss < RSS_LIMIT_MB, `peak RSS, plain ${fmt(cti.mb)} MB file: ${fmt(cti.rss, 1)} MB (target < ${RSS_LIMIT_MB} MB)`);
    line(single.rss < RSS_LIMIT_MB, `peak RSS, one ${fmt(single.mb)} MB line: ${fmt(single.rss, 1)} MB (target < ${RSS_LIMIT_MB} MB)`);
    line(worst.rss < RSS_LIMIT_MB, `peak RSS, any cti-logscan run: ${fmt(worst.rss, 1)} MB (${worst.id}) (target < ${RSS_LIMIT_MB} MB)`);
  } else line(null, 'peak RSS: /usr/bin/time (GNU time) not available');
  if (SIZE_MB < 400) log(`note: BENCH_MB=${SIZE_MB}: the targets are meant for the default 400 MB (and a 300 MB line); smaller inputs weigh start-up more.`);
  if (RUNS < 3) log(`note: BENCH_RUNS=${RUNS}: fewer than 3 runs per command.`);
}

// ---------------------------------------------------------------------------------------------
/**
 * Copies dist/ and data/ into bench-data/build/ and times that copy: the working tree is shared,
 * and a rebuild of dist/ in the middle of a run (someone's `npm test`) would otherwise mix two
 * builds in one table. Imports of node_modules still resolve (bench-data/ is inside the repo).
 */
function snapshotBuild() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) die('dist/cli.js is missing: run `npm run bench` (it builds first) or `npm run build`');
  fs.rmSync(BUILD, { recursive: true, force: true });
  fs.mkdirSync(BUILD, { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(BUILD, 'dist'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'data'), path.join(BUILD, 'data'), { recursive: true });
}

async function main() {
  snapshotBuild();
  const info = machine();
  log('# cti-logscan benchmark');
  log(`date:    ${info.date}`);
  log(`machine: ${info.cores} cores (nproc ${info.nproc}), ${info.cpu}, ${info.memory} RAM, ${info.os}`);
  log(`tools:   node ${info.node}; ${info.grep}; ${info.rg ?? 'ripgrep not installed'}; ${info.gzip}; cti-logscan ${info.tool}; peak RSS and CPU via ${info.time ?? 'nothing (no GNU time)'}`);
  // Other work on the machine shows up as noise: say how busy it was (again at the end).
  log(`load:    ${loadText()}${os.loadavg()[0] > info.cores / 2 ? ' (busy: expect noisy timings)' : ''}`);
  log(`params:  BENCH_MB=${SIZE_MB} BENCH_RUNS=${RUNS} BENCH_SEED=${SEED} single line ${fmt(SINGLE_MB)} MB, ${FILES} files${KEEP ? ', BENCH_KEEP' : ''}`);

  const catalog = loadCatalog(BUILD_CATALOG);
  const manifest = await prepareData(catalog);
  fs.mkdirSync(OUT, { recursive: true });
  writeTiny();
  const tokenCode = buildPatterns(catalog);
  log(`patterns: ${tokenCode.size} fixed strings in bench-data/${F.patterns} (every matchable name; 0x-lower, 0x-UPPER, unsigned and signed spelling of every non-zero value)`);

  // Page cache: read everything once so that no timed run pays for the disk.
  sh(`cat ${F.plain} ${F.gzip} ${F.single} ${splitFiles(manifest).join(' ')} > /dev/null`);

  const expected = gate(manifest, tokenCode);
  const rows = rowsFor(manifest, expected);
  log('\ncommands (run in bench-data/, LC_ALL=C):');
  for (const row of rows) log(`  ${row.id.padEnd(13)} ${row.cmd.replace(/(split\/\S+ ?){3,}/g, (m) => `split/*.txt (${m.trim().split(' ').length} files) `)}`);
  timeAll(rows);
  const byId = table(rows);
  log(`load average after timing: ${loadText()}`);
  targets(byId, info);

  if (KEEP) log('\ndata kept in bench-data/ (BENCH_KEEP): the next run with the same parameters reuses it.');
  else {
    removeData();
    log('\ndata removed (set BENCH_KEEP=1 to keep bench-data/ for the next run).');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
