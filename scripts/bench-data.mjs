#!/usr/bin/env node
// Deterministic CUCM-like benchmark data for `npm run bench` (scripts/bench.mjs).
//
// Why generated and not committed: the benchmark needs hundreds of MB (small inputs measure Node's
// start-up, not scanning), and the data must be the same on every machine. A seeded PRNG
// (mulberry32: 32-bit integer arithmetic with Math.imul, so no float rounding and the same stream
// everywhere) drives everything; the same seed and size give byte-identical files.
//
// What it writes (see ../shared/FORMATS.md for the line shapes):
// - plain:  a CTIManager SDL trace: a FileHead line, then `<8-digit seq>.<3> |HH:MM:SS.mmm |<type
//           padded to 9> |...` lines with times that only move forward (a few ms a line; the
//           default start crosses midnight once in a few hundred MB). Bodies are varied SdlSig,
//           SdlSig-I, SdlStat, AppInfo [CTI-APP] and AppError texts with device names, IPs,
//           handles, pointers and sequence numbers. About 1% of lines carry a CTI code, in every
//           carrier CUCM uses (`error code=<unsigned>`, `result=<unsigned>`, `Result=0x…` in
//           either case, `error=0x…`, `Reason code.:<signed>`, `Reason:<signed>`,
//           `ReasonCode:<signed>`) and by name (`CiscoJtapiException: CTIERR_…`), drawn from ~40
//           real codes of data/catalog.json with a skewed (Zipf-like) frequency. Some lines hold a
//           code twice, by name and value, or two different codes. There are also success lines
//           (`result=0`) and near-misses that must NOT count (`abc-1932787595`, `2362179701x`,
//           `MY_CONFERENCE_FULL`, lower-case names, 11-digit numbers, unknown `0x8CCC0299`, ...).
// - single: one line of N MB (no newline at all) of tokens separated by spaces and punctuation,
//           with codes in every spelling and the same near-misses: the bounded-memory case.
// - split:  N MB as 16 trace files (each with its own FileHead, continuing sequence and time).
// - gzip:   any file gzip-compressed (streamed through zlib).
//
// Everything is streamed to disk in ~1 MiB writes: memory stays small for any size.
// The generator also returns what it planted (code -> number of lines holding it, by the rules of
// ../shared/CONTRACT.md "What counts as a hit"), which bench.mjs uses as a third opinion next to
// grep's and cti-logscan's counts.
//
// Usage (bench.mjs imports the functions; the CLI is for looking at the data by hand):
//   node scripts/bench-data.mjs [--mode plain|single|split] [--mb 400] [--seed 20260314]
//                               [--files 16] [--gzip] <output file, or directory for split>

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG_PATH = path.join(ROOT, 'data', 'catalog.json');
export const MB = 1_000_000; // sizes are decimal megabytes throughout the benchmark
const FLUSH_AT = 1 << 20; // write in ~1 MiB pieces

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32. Integer-only state update (Math.imul), so it is exact and portable.
// ---------------------------------------------------------------------------------------------
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Small helpers over one PRNG stream. */
function randomTools(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor((next() / 4294967296) * n); // 0 <= int(n) < n
  const pick = (array) => array[int(array.length)];
  const chance = (p) => next() / 4294967296 < p;
  const hex = (digits, upper = true) => {
    let s = '';
    for (let i = 0; i < digits; i++) s += '0123456789ABCDEF'[int(16)];
    return upper ? s : s.toLowerCase();
  };
  const range = (lo, hi) => lo + int(hi - lo + 1);
  return { next, int, pick, chance, hex, range };
}

// ---------------------------------------------------------------------------------------------
// Codes: ~40 real catalog entries, and how each is spelled.
// ---------------------------------------------------------------------------------------------

/** Codes that exercise special cases: an era-dependent value (0x8CCC0075), a name that is a prefix
 *  of another, values outside 0x8CCC, a Table C-1 name without CTIERR_. Always in the pool. */
const FORCED = [
  'CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'CFWDALL_ALREADY_OFF', 'CTIERR_TRANSFERFAILED',
  'CTIERR_TRANSFERFAILED_DESTINATION_BUSY', 'CTIERR_LINE_RESTRICTED', 'CTIERR_DEVICE_RESTRICTED',
  'CTIERR_ILLEGAL_CALLSTATE', 'CTIERR_PROVIDER_NOT_OPEN', 'CTIERR_DIRECTORY_LOGIN_FAILED',
  'CONFERENCE_FULL', 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED', 'PROVIDER_CLOSED', 'INVALID_PARAMETER',
  'CTIERR_TIMEOUT', 'CTIERR_DEVICE_NOT_OPEN', 'CTIERR_CALL_MANAGER_NOT_AVAILABLE',
];
const POOL_SIZE = 40;

export function loadCatalog(file = CATALOG_PATH) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The numeric spellings of a 32-bit value, as CONTRACT.md lists them. */
export function spellings(value) {
  const u = value >>> 0;
  const hexDigits = u.toString(16).padStart(8, '0');
  return {
    hexLower: `0x${hexDigits}`,
    hexUpper: `0x${hexDigits.toUpperCase()}`,
    unsigned: String(u),
    signed: (u | 0) < 0 ? String(u | 0) : null,
  };
}

/** Chooses the code pool (deterministic in the seed) with precomputed spellings. */
function codePool(catalog, rnd) {
  const byCode = new Map(catalog.entries.map((e) => [e.code, e]));
  const eligible = catalog.entries.filter((e) => e.value && parseInt(e.value, 16) !== 0);
  const chosen = FORCED.map((c) => byCode.get(c)).filter(Boolean);
  const rest = eligible.filter((e) => !chosen.includes(e));
  while (chosen.length < POOL_SIZE && rest.length > 0) chosen.push(rest.splice(rnd.int(rest.length), 1)[0]);
  const pool = chosen.map((entry, i) => {
    const value = parseInt(entry.value, 16) >>> 0;
    const hex = `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
    return {
      entry,
      names: entry.matchNames,
      // A numeric hit means the entry that holds the value in the default (modern) era.
      numericCode: catalog.values[hex].modern,
      ...spellings(value),
      weight: 1 / (i + 1), // Zipf-like: a few codes dominate, as in real traces
    };
  });
  const total = pool.reduce((s, c) => s + c.weight, 0);
  let acc = 0;
  for (const c of pool) c.cumulative = (acc += c.weight / total);
  return pool;
}

/** name -> code of the entry whose matchNames hold it (a name hit always means that entry). */
const owners = new WeakMap();
function ownerOfName(catalog) {
  let map = owners.get(catalog);
  if (!map) {
    map = new Map(catalog.entries.flatMap((e) => e.matchNames.map((n) => [n, e.code])));
    owners.set(catalog, map);
  }
  return map;
}

function drawCode(pool, rnd) {
  const r = rnd.next() / 4294967296;
  for (const c of pool) if (r < c.cumulative) return c;
  return pool[pool.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary of realistic SDL trace bodies (no token here may ever be a code).
// ---------------------------------------------------------------------------------------------
const SIGNALS = [
  'CtiLineCallStateChangedNotify', 'CtiNewCallNotify', 'CtiCallInfoNotify', 'CtiDeviceInServiceNotify',
  'CtiLineOpenLineReq', 'CtiDeviceOpenDeviceReq', 'CtiGetDeviceInfoFetchReq', 'SsDataInd',
  'CtiExistingCallNotify', 'CtiLineCallPartyInfoChangedNotify', 'CtiCallDigitsNotify', 'CtiProviderHeartbeat',
  'DbMonitorChangeNotify', 'CtiDeviceRegisteredNotify', 'CtiMediaOpenLogicalChannelRes', 'CtiCallOpenLogicalChannelNotify',
  'CtiLineCallCapabilitiesChangedNotify', 'CtiDeviceRegisteredNotify', 'CcNotifyReq', 'CtiCallStartReceptionNotify',
];
const PROCESSES = [
  'CTIHandler(1,200,25,142)', 'CTIDeviceLineMgr(1,200,9,1)', 'CTIRegistrar(3,100,26,1)', 'LineCdpc(1,100,220,15)',
  'StationD(1,100,64,5)', 'CTIDbMonitor(1,200,12,1)', 'Cdcc(1,100,224,8)', 'SsManager(1,100,245,1)',
];
const STATES = ['ready', 'active', 'wait', 'restart0', 'connected', 'wait_for_response'];
const EVENTS = [
  'CallStateChangedEvent', 'NewCallEvent', 'CallPartyInfoChangedEvent', 'LineCallInfoEvent', 'DeviceInServiceEvent',
  'CallOpenLogicalChannelEvent', 'CallDigitsEvent', 'ExistingCallEvent', 'LineOpenResponse', 'DeviceOpenResponse',
];
const REQUESTS = ['LineOpenRequest', 'DeviceOpenRequest', 'CallInitiateRequest', 'CallAnswerRequest', 'CallHoldRequest', 'CallRetrieveRequest', 'CallTransferRequest', 'GetDeviceInfoRequest'];
const CODECS = ['G711_ULAW_64K', 'G711_ALAW_64K', 'G729_ANNEX_A', 'G722_64K', 'OPUS'];
const PARTITIONS = ['PT_Internal', 'PT_Lobby', 'PT_CallCenter', 'Global'];
const DESCRIPTIONS = [
  'Directory login failed - timeout', 'Line is restricted', 'Device is restricted', 'Illegal call state',
  'Provider not open', 'Unknown destination', 'Device not open', 'Conference full',
];
const APPS = ['Cisco CTIManager', 'Cisco IP Manager Assistant', 'Cisco Unified CCX', 'JTAPI_CTI_APP'];

// ---------------------------------------------------------------------------------------------
// Line generator (plain and split modes).
// ---------------------------------------------------------------------------------------------

const pad2 = (n) => (n < 10 ? '0' : '') + n;
const pad3 = (n) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/**
 * Builds one SDL trace: returns a function that gives the next line (without newline) and records
 * planted hits in `planted` (code -> number of lines).
 */
function traceLines({ catalog, seed, poolSeed = seed, startSeq, startMs, fileNumber, date, planted }) {
  const rnd = randomTools(seed);
  const pool = codePool(catalog, randomTools(poolSeed ^ 0x5eed));
  const namedPool = pool.filter((c) => c.names.length > 0);
  let seq = startSeq;
  let sub = 0;
  let ms = startMs; // milliseconds since the start day's midnight; wraps at 24 h (midnight)

  const sep = () => `SEP${rnd.hex(12)}`;
  const ip = () => `10.${rnd.int(256)}.${rnd.int(256)}.${rnd.range(1, 254)}`;
  const dn = () => String(rnd.range(1000, 89999));
  const handle = () => `1|${rnd.range(1, 999999)}`;
  const ptr = () => `0x7f${rnd.hex(10, false)}`; // never 0x8ccc…, 0x9…, 0xbe…, 0xde…
  const small = () => rnd.range(0, 99999);

  const time = () => {
    const t = ms % 86400000;
    const h = Math.floor(t / 3600000);
    const m = Math.floor(t / 60000) % 60;
    const s = Math.floor(t / 1000) % 60;
    return `${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(t % 1000)}`;
  };
  const head = (type) => {
    if (rnd.chance(0.55)) {
      seq += rnd.range(1, 3);
      sub = 0;
    } else sub = (sub + 1) % 1000;
    ms += rnd.int(5); // 0-4 ms a line: monotonic
    return `${seq}.${pad3(sub)} |${time()} |${type}|`;
  };

  // --- bodies without codes ---
  const filler = [
    [14, () => `${head('SdlSig   ')}${rnd.pick(SIGNALS)} |${rnd.pick(STATES)} |${rnd.pick(PROCESSES)} |${rnd.pick(PROCESSES)} |1,100,14,${rnd.range(1, 9999)}.${rnd.range(1, 99)}^${ip()}^${sep()} |[R:N-H:0,N:${rnd.int(9)},L:0,V:0,Z:0,D:0] LH=${handle()} CH=${handle()} State=${rnd.int(12)} Reason=${rnd.int(32)} Cause=${rnd.int(128)}`],
    [10, () => `${head('SdlSig-I ')}${rnd.pick(SIGNALS)}Res |ready |${rnd.pick(PROCESSES)} |${rnd.pick(PROCESSES)} |1,200,21,${rnd.range(1, 999)}.${rnd.range(1, 99)}^${ip()}^${sep()} |[R:N-H:0,N:0,L:0,V:0,Z:0,D:0] AsyncResponse=${small()} LH=${handle()} Result=0`],
    [18, () => `${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ${rnd.pick(EVENTS)} (LH=${handle()} CH=${handle()} GCH=${handle()} state=${rnd.int(12)} reason=${rnd.int(32)} cause=${rnd.int(128)} farEnd=${dn()} callingParty=${dn()} calledParty=${dn()} origCalled=${dn()} lastRedirecting= seq#=${small()})`],
    [10, () => `${head('AppInfo  ')}[CTI-APP] [CTIHandler::processIncomingMessage] CTI ${rnd.pick(REQUESTS)} ( seq#=${small()} deviceName=${sep()} lineName=${dn()} partition=${rnd.pick(PARTITIONS)} mediaCaps=${rnd.pick(CODECS)},${rnd.pick(CODECS)} )`],
    [8, () => `${head('AppInfo  ')}CTIDeviceLineMgr::DeviceOpened() Device=${sep()} DH=${handle()} Type=${rnd.range(7, 700)} Protocol=${rnd.chance(0.5) ? 'SCCP' : 'SIP'} IP=${ip()} registered=1 Line=${dn()} Partition=${rnd.pick(PARTITIONS)}`],
    [8, () => `${head('AppInfo  ')}-->CQBEBuilder::BuildQbeMessage(): msgType=${rnd.range(1, 400)} pMsg=${ptr()} len=${rnd.range(40, 4000)} provider id=${16777216 + rnd.int(4096)}`],
    [6, () => `${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI DeviceRegisteredEvent (seq#=${small()}) provider id=${16777216 + rnd.int(4096)} device name=${sep()} ip=${ip()} loginUserId=agent${rnd.int(500)}`],
    [4, () => `${head('SdlStat  ')}Period: 6000ms #Lines: ${rnd.int(2000)} #Signals: ${rnd.int(90000)} #Devices: ${rnd.int(3000)} #Calls: ${rnd.int(800)} QueueDepth: ${rnd.int(40)} Mem=${rnd.range(100000, 999999)}K`],
    [2, () => `${head('AppError ')}CTIDeviceLineMgr::ProcessLineOpenRequest - line not found LineName=${dn()} Partition=${rnd.pick(PARTITIONS)} DeviceName=${sep()}`],
    [3, () => `${head('AppInfo  ')}CtiManager::heartbeat connectionId=${rnd.range(1, 999)} app=${rnd.pick(APPS)} peer=${ip()}:${rnd.range(1024, 65535)} interval=${rnd.range(10, 60)}s`],
  ];

  // --- success lines (value 0 is never a hit) ---
  const success = [
    () => `${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=${small()}) provider id=${16777216 + rnd.int(4096)} error code=0 description=`,
    () => `${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ${rnd.pick(REQUESTS).replace('Request', 'Response')} ( seq#=${small()} result=0 description=)`,
    () => `${head('SdlSig-I ')}CtiLineOpenLineRes |ready |CTIDeviceLineMgr(1,200,9,1) |CTIRegistrar(3,100,26,1) |1,200,21,${rnd.range(1, 999)}.6^${ip()}^${sep()} |[R:N-H:0,N:0,L:0,V:0,Z:0,D:0] AsyncResponse=${small()} LH=${handle()} Result=${rnd.chance(0.5) ? '0x0' : '0x00000000'}`,
    () => `${head('AppInfo  ')}CtiProviderOpenSuccess - provider opened CTIconnectionId:${rnd.range(1, 999)} Reason code.:0 App ID:${rnd.pick(APPS)}`,
  ];

  // --- lines with codes; each returns [body, codes planted on this line] ---
  const anyHex = (c) => (rnd.chance(0.5) ? c.hexLower : c.hexUpper);
  const named = () => rnd.pick(namedPool);
  const nameOf = (c) => rnd.pick(c.names);
  const codeOfName = (name) => ownerOfName(catalog).get(name);
  const hits = [
    [12, (c) => [`${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=${small()}) provider id=${16777216 + rnd.int(4096)} error code=${c.unsigned} description=${rnd.pick(DESCRIPTIONS)}`, [c.numericCode]]],
    [12, (c) => [`${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=${small()} result=${c.unsigned} description=)`, [c.numericCode]]],
    [12, (c) => [`${head('SdlSig-I ')}CtiLineOpenLineRes |ready |CTIDeviceLineMgr(1,200,9,1) |CTIRegistrar(3,100,26,1) |1,200,21,${rnd.range(1, 999)}.6^${ip()}^${sep()} |[R:N-H:0,N:0,L:0,V:0,Z:0,D:0] AsyncResponse=${small()} LH=${handle()} Result=${anyHex(c)}`, [c.numericCode]]],
    [8, (c) => [`${head('AppInfo  ')}CTIDeviceLineMgr::processDeviceOpenResponse() DH=${handle()} Device=${sep()} error=${anyHex(c)}`, [c.numericCode]]],
    [10, (c) => [`${head('AppInfo  ')}CtiProviderOpenFailure - CTI application failed to open provider CTIconnectionId:${rnd.range(1, 999)} Reason code.:${c.signed} App ID:${rnd.pick(APPS)} Cluster ID:StandAloneCluster Node ID:cucmpub`, [c.numericCode]]],
    [8, (c) => [`${head('AppInfo  ')}CtiDeviceOpenFailure - Device open failed Device Name:${sep()} Reason:${c.signed} App ID:${rnd.pick(APPS)} Cluster ID:StandAloneCluster`, [c.numericCode]]],
    [8, (c) => [`${head('AppInfo  ')}CtiLineOpenFailure - Line open failed Device Name:${sep()} Directory Number:${dn()} Partition:${rnd.pick(PARTITIONS)} ReasonCode:${c.signed} App ID:${rnd.pick(APPS)}`, [c.numericCode]]],
    [12, () => {
      const name = nameOf(named());
      return [`${head('AppInfo  ')}[CTI-APP] [CTIHandler::processRequest ] CiscoJtapiException: ${name} (request rejected) seq#=${small()} device=${sep()}`, [codeOfName(name)]];
    }],
    // Name and value on one line (Jabber style): one hit per distinct code.
    [6, () => {
      const c = named();
      const name = nameOf(c);
      return [`${head('AppError ')}[CTI-APP] FailureResponse , result= ${anyHex(c)} , ( ${name} ) seq#=${small()}`, [c.numericCode, codeOfName(name)]];
    }],
    // Two codes on one line (they may be the same code: then one hit).
    [6, (c) => {
      const d = drawCode(pool, rnd);
      return [`${head('AppInfo  ')}[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI FailureResponse ( seq#=${small()} result=${c.unsigned} description=) previous Reason:${d.signed}`, [c.numericCode, d.numericCode]];
    }],
    // The same code twice in two spellings: one hit.
    [6, (c) => [`${head('AppInfo  ')}CtiLineOpenFailure error code=${c.unsigned} LH=${handle()} Result=${anyHex(c)} retry=${rnd.int(3)}`, [c.numericCode]]],
  ];

  // --- near-misses: none of these may count as a code (CONTRACT.md "What counts as a hit") ---
  const nearMisses = [
    (c) => `${head('AppInfo  ')}CtiDeviceOpenFailure Device Name:abc${c.signed} App ID:${rnd.pick(APPS)}`, // '-' after a word char
    (c) => `${head('AppInfo  ')}CTI FailureResponse ( seq#=${small()} result=${c.unsigned}x description=)`, // glued to a letter
    (c) => `${head('AppInfo  ')}CTI FailureResponse ( seq#=${small()} result=${c.unsigned}0 description=)`, // 11 digits
    (c) => `${head('AppInfo  ')}CTI FailureResponse ( seq#=${small()} result=9${c.unsigned} description=)`,
    (c) => `${head('SdlSig-I ')}CtiLineOpenLineRes |ready |LH=${handle()} Result=${c.hexLower}1 Next=_${c.hexUpper} Id=${c.hexLower}_2`,
    (c) => `${head('AppInfo  ')}[CTI-APP] note=MY_${c.names[0] ?? 'CONFERENCE_FULL'}_2 lower=${(c.names[0] ?? 'ctierr_timeout').toLowerCase()} ${c.names[0] ?? 'CTIERR_TIMEOUT'}S`,
    () => `${head('AppInfo  ')}[CTI-APP] CiscoJtapiException: CTIERR_NOT_IN_ANY_TABLE result=0x8CCC0299 LINEERR_OPERATIONFAILED 0x80000048 PHONEERR_INVALPHONEHANDLE 0x90000001 E_CTI_TIMEOUT CCX_88001`,
    (c) => `${head('AppInfo  ')}value=${c.signed.slice(1)} neg=-${c.signed.slice(1)}0 ratio=${c.unsigned.slice(0, 9)}`, // digits of a code, not a code
  ];

  const weighted = (list) => {
    const total = list.reduce((s, [w]) => s + w, 0);
    return () => {
      let r = rnd.int(total);
      for (const [w, f] of list) if ((r -= w) < 0) return f;
      return list[list.length - 1][1];
    };
  };
  const pickHit = weighted(hits);
  const pickFiller = weighted(filler);

  const fileHead = `${seq}.000 |${time()} |FileHead |UTC:-05:00,Date: ${date}, AppName: CTIManager, AppId: 200, AppNodeId: 1, AppVersion: CUCM Install=14.0.1.12900-161 (trace), HostName: cucmpub, FileNumber: ${fileNumber}, TraceVer: 3.0`;
  let first = true;
  const next = () => {
    if (first) {
      first = false;
      return fileHead;
    }
    const r = rnd.int(10000);
    if (r < 100) {
      // ~1% of lines carry a code
      const [line, codes] = pickHit()(drawCode(pool, rnd));
      for (const code of new Set(codes)) planted.set(code, (planted.get(code) ?? 0) + 1);
      return line;
    }
    if (r < 400) return rnd.pick(success)(); // ~3% success results
    if (r < 450) return rnd.pick(nearMisses)(drawCode(pool, rnd)); // ~0.5% near-misses
    return pickFiller()();
  };
  return { next, state: () => ({ seq: seq + 1, ms }) };
}

/** Writes strings to a file in ~1 MiB synchronous writes. */
function writer(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let parts = [];
  let size = 0;
  let written = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const buffer = Buffer.from(parts.join(''), 'latin1');
    fs.writeSync(fd, buffer);
    written += buffer.length;
    parts = [];
    size = 0;
  };
  return {
    write(s) {
      parts.push(s);
      size += s.length;
      if (size >= FLUSH_AT) flush();
    },
    get bytes() {
      return written + size;
    },
    close() {
      flush();
      fs.closeSync(fd);
      return written;
    },
  };
}

const toObject = (planted) => Object.fromEntries([...planted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Start of the default trace: 23:20 on 2026-03-14 (crosses midnight once in ~300 MB). */
const START_MS = (23 * 60 + 20) * 60000 + 114;

function writeTrace(file, { bytes, seed, poolSeed, catalog, startSeq = 30000001, startMs = START_MS, fileNumber = 412, planted }) {
  const out = writer(file);
  const gen = traceLines({ catalog, seed, poolSeed, startSeq, startMs, fileNumber, date: '2026/03/14', planted });
  let lines = 0;
  while (out.bytes < bytes) {
    out.write(gen.next() + '\n');
    lines++;
  }
  return { bytes: out.close(), lines, ...gen.state() };
}

/** One plain SDL trace of about `bytes` bytes (whole lines). */
export function generatePlain({ file, bytes, seed, catalog = loadCatalog() }) {
  const planted = new Map();
  const { bytes: written, lines } = writeTrace(file, { bytes, seed, catalog, planted });
  return { file, bytes: written, lines, planted: toObject(planted) };
}

/** `files` trace files of about bytes/files each, continuing sequence numbers and time; one
 *  server, so one pool of codes for all of them. */
export function generateSplit({ dir, bytes, seed, files = 16, catalog = loadCatalog() }) {
  const planted = new Map();
  const out = [];
  let startSeq = 31000001;
  let startMs = START_MS;
  let lines = 0;
  let total = 0;
  for (let i = 0; i < files; i++) {
    const file = path.join(dir, `SDL001_200_${String(500 + i).padStart(6, '0')}.txt`);
    const r = writeTrace(file, { bytes: Math.ceil(bytes / files), seed: (seed + 1 + i) >>> 0, poolSeed: seed, catalog, startSeq, startMs, fileNumber: 500 + i, planted });
    out.push({ file, bytes: r.bytes, lines: r.lines });
    startSeq = r.seq;
    startMs = r.ms % 86400000;
    lines += r.lines;
    total += r.bytes;
  }
  return { dir, files: out, bytes: total, lines, planted: toObject(planted) };
}

/**
 * One line of about `bytes` bytes, no newline: SDL-like tokens separated by spaces and
 * punctuation, with codes in every spelling (and the near-misses) scattered through it.
 * A line counts once per code, so `planted` is 1 for each code that occurs.
 */
export function generateSingleLine({ file, bytes, seed, catalog = loadCatalog() }) {
  const rnd = randomTools(seed);
  const pool = codePool(catalog, randomTools(seed ^ 0x5eed));
  const planted = new Map();
  const plant = (code) => planted.set(code, 1);
  const separators = [' ', ' ', ' ', ', ', '; ', ' |', '(', ') ', '=', ':', '/', '[', '] '];
  const words = [...SIGNALS, ...EVENTS, ...REQUESTS, ...CODECS, ...PARTITIONS, 'provider', 'id', 'seq#', 'LH', 'CH', 'GCH', 'state', 'Reason', 'result', 'error', 'code'];
  const token = () => {
    const r = rnd.int(1000);
    if (r < 3) {
      // a code, in one of its spellings
      const c = drawCode(pool, rnd);
      const k = rnd.int(c.names.length > 0 ? 5 : 4);
      if (k === 4) {
        const name = rnd.pick(c.names);
        plant(ownerOfName(catalog).get(name));
        return name;
      }
      plant(c.numericCode);
      return [c.hexLower, c.hexUpper, c.unsigned, c.signed][k];
    }
    if (r < 5) {
      // a near-miss
      const c = drawCode(pool, rnd);
      return rnd.pick([`abc${c.signed}`, `${c.unsigned}x`, `9${c.unsigned}`, `${c.hexLower}1`, `_${c.hexUpper}`, `MY_${c.names[0] ?? 'CONFERENCE_FULL'}`, 'CTIERR_NOT_IN_ANY_TABLE', '0x8CCC0299']);
    }
    if (r < 400) return rnd.pick(words);
    if (r < 600) return String(rnd.int(100000000));
    if (r < 700) return `SEP${rnd.hex(12)}`;
    if (r < 800) return `10.${rnd.int(256)}.${rnd.int(256)}.${rnd.range(1, 254)}`;
    if (r < 850) return `0x7f${rnd.hex(10, false)}`;
    return `${rnd.pick(SIGNALS)}${rnd.chance(0.5) ? 'Res' : ''}`;
  };
  const out = writer(file);
  out.write('30000001.000 |00:00:00.114 |AppInfo  |');
  while (out.bytes < bytes) {
    let s = '';
    for (let i = 0; i < 256; i++) s += token() + rnd.pick(separators);
    out.write(s);
  }
  return { file, bytes: out.close(), lines: 1, planted: toObject(planted) };
}

/** gzip-compresses `src` into `dst` (streamed; default level, as CUCM's own .txt.gz). */
export async function gzipFile(src, dst) {
  await pipeline(fs.createReadStream(src, { highWaterMark: 1 << 20 }), zlib.createGzip(), fs.createWriteStream(dst));
  return { file: dst, bytes: fs.statSync(dst).size };
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'plain' },
      mb: { type: 'string', default: '400' },
      seed: { type: 'string', default: '20260314' },
      files: { type: 'string', default: '16' },
      gzip: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error('usage: node scripts/bench-data.mjs [--mode plain|single|split] [--mb 400] [--seed N] [--files 16] [--gzip] <output>');
    process.exit(values.help ? 0 : 64);
  }
  const out = positionals[0];
  const bytes = Math.round(Number(values.mb) * MB);
  const seed = Number(values.seed) >>> 0;
  let result;
  if (values.mode === 'plain') result = generatePlain({ file: out, bytes, seed });
  else if (values.mode === 'single') result = generateSingleLine({ file: out, bytes, seed });
  else if (values.mode === 'split') result = generateSplit({ dir: out, bytes, seed, files: Number(values.files) });
  else throw new Error(`unknown --mode ${values.mode}`);
  if (values.gzip && values.mode !== 'split') result.gzip = await gzipFile(out, `${out}.gz`);
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
