// CI reporter goldens and properties: markdown, junit, github and sarif rendered from the reports of
// test/helpers/report-fixture.ts, compared with files under test/golden/ci/ (UPDATE_GOLDEN=1 rewrites them).

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeCommandData, escapeCommandProperty, escapeMarkdown, markdownCode } from '../../src/reporters/escape.js';
import { renderGithub } from '../../src/reporters/github.js';
import { FORMATS, reporters } from '../../src/reporters/index.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { fingerprint, renderSarif } from '../../src/reporters/sarif.js';
import type { RenderContext } from '../../src/reporters/types.js';
import { expectGolden } from '../helpers/golden.js';
import { BIG_REPORT, MIXED_REPORT, CLEAN_REPORT, FAIL_ON_UNKNOWN_REPORT } from '../helpers/report-fixture.js';
import type { Report } from '../../src/types.js';

const CTX: RenderContext = { color: false, width: null };

function linesOf(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('registry', () => {
  it('maps the CI format names to their reporters', () => {
    expect(FORMATS).toEqual(expect.arrayContaining(['markdown', 'junit', 'github', 'sarif']));
    expect(reporters.markdown).toBe(renderMarkdown);
    expect(reporters.junit).toBe(renderJunit);
    expect(reporters.github).toBe(renderGithub);
    expect(reporters.sarif).toBe(renderSarif);
  });
});

describe('goldens', () => {
  const fixtures = { mixed: MIXED_REPORT, 'fail-on-unknown': FAIL_ON_UNKNOWN_REPORT, clean: CLEAN_REPORT, big: BIG_REPORT } as const;
  const formats = { md: renderMarkdown, 'junit.xml': renderJunit, 'github.txt': renderGithub, 'sarif.json': renderSarif } as const;
  for (const [fixture, report] of Object.entries(fixtures)) {
    for (const [ext, render] of Object.entries(formats)) {
      it(`${fixture}.${ext}`, () => expectGolden('ci', `${fixture}.${ext}`, render(report, CTX)));
    }
  }
});

describe('markdown', () => {
  const md = renderMarkdown(MIXED_REPORT, CTX);
  const rows = (text: string) => linesOf(text).filter((l) => l.startsWith('| `'));

  it('has a heading and a verdict for each outcome', () => {
    expect(linesOf(md).slice(0, 3)).toEqual(['## CTI error codes', '', '❌ 2 unexpected codes · ⚠️ 1 input error']);
    expect(renderMarkdown(FAIL_ON_UNKNOWN_REPORT, CTX)).toContain('\n❌ 3 unexpected codes\n');
    expect(renderMarkdown(CLEAN_REPORT, CTX)).toContain('\n✅ Nothing unexpected\n');
    expect(renderMarkdown({ ...CLEAN_REPORT, inputs: MIXED_REPORT.inputs }, CTX)).toContain('\n⚠️ 1 input error\n');
  });

  it('has one table row per code and per unknown token, codes in backticks', () => {
    expect(rows(md)).toHaveLength(MIXED_REPORT.codes.length + MIXED_REPORT.unknown.length);
    expect(rows(md)[0]).toMatch(/^\| `CTIERR_DIRECTORY_LOGIN_TIMEOUT` \| 12 \| 5 \| 2 \| cucmpub 12 \| `▁▁▁▁▇▃█▁▁▅▁▁▁▅` \| 2024-08-13T07:32:38\.647-05:00<br>/);
    expect(rows(md)[0]).toMatch(/ \| ❌ no \|$/);
    expect(rows(md)[2]).toMatch(/ \| ✅ yes \|$/);
    expect(rows(md)[3]).toContain('| no timestamp<br>&lt;stdin&gt;:42 |');
    expect(rows(renderMarkdown(BIG_REPORT, CTX))).toHaveLength(BIG_REPORT.codes.length);
    expect(renderMarkdown(CLEAN_REPORT, CTX)).toContain('\nNo CTI error codes found.\n');
  });

  it('keeps every row to its ten cells whatever the text holds', () => {
    const hostileNodes: Report = { ...MIXED_REPORT, codes: MIXED_REPORT.codes.map((c) => ({ ...c, nodes: { 'pub|<b>`x`\nsub': 1 } })) };
    for (const text of [md, renderMarkdown(hostileNodes, CTX)]) {
      for (const row of rows(text).slice(0, MIXED_REPORT.codes.length)) {
        // Unescaped pipes are the cell borders: eleven of them for ten cells.
        expect(row.match(/(?<!\\)\|/g)).toHaveLength(11);
      }
    }
    expect(rows(renderMarkdown(hostileNodes, CTX))[0]).toContain(' | pub\\|&lt;b&gt;\\`x\\` sub 1 | ');
  });

  it('shows events, the nodes (most hit lines first) and a trend in block elements, with what a character stands for', () => {
    const nodes: Report = { ...MIXED_REPORT, codes: [{ ...MIXED_REPORT.codes[0], nodes: { cucmsub2: 3, cucmpub: 3, cucmsub1: 6 } }] };
    expect(rows(renderMarkdown(nodes, CTX))[0]).toContain(' | 12 | 5 | 2 | cucmsub1 6<br>cucmpub 3<br>cucmsub2 3 | ');
    // Markdown is for browsers: block elements even when the terminal is not UTF-8.
    expect(renderMarkdown(MIXED_REPORT, { ...CTX, unicode: false })).toBe(md);
    expect(md).toContain(
      '\nTrend: hit lines per 1h, 2024-08-13T08:00:00.000+00:00 to 2024-08-13T21:30:00.000+00:00; each row scaled to its own peak (`▁` none, `█` the peak).\n',
    );
    // No timed hit, no Trend column and no legend; the codes table keeps its other nine cells.
    const untimed = renderMarkdown({ ...MIXED_REPORT, timeline: null }, CTX);
    expect(untimed).toContain('\n| Code | Count | Events | Files | Nodes | First seen |');
    expect(untimed).toContain('\n| Token | Count | Files | Nodes | First seen |');
    expect(untimed).not.toContain('Trend');
    for (const row of rows(untimed).slice(0, MIXED_REPORT.codes.length)) expect(row.match(/(?<!\\)\|/g)).toHaveLength(10);
  });

  it('gives the window, and says when gaps leave it not fully covered', () => {
    expect(linesOf(md)[4]).toBe(
      '**Window:** 2024-08-13T07:00:00.000 to 2024-08-13T17:00:00.000 · 7 hit lines outside it, not counted · ⚠️ not fully covered: 1 gap in it (see Trace coverage)',
    );
    const since: Report = { ...MIXED_REPORT, window: { since: '2024-08-13T11:00:00.000-05:00', until: null }, inputs: { ...MIXED_REPORT.inputs, outsideWindow: 1 } };
    // From 11:00 on: the SDL gap (before it) is not in it, the other set's (17:20) is; the report's warning is kept as it is.
    expect(renderMarkdown(since, CTX)).toContain('\n**Window:** from 2024-08-13T11:00:00.000-05:00 on · 1 hit line outside it, not counted · ⚠️ not fully covered: 1 gap in it');
    const warnedOnly: Report = { ...since, coverage: [] };
    expect(renderMarkdown(warnedOnly, CTX)).toContain(' · ⚠️ not fully covered (see the warnings below)\n');
    const covered: Report = { ...warnedOnly, inputs: { ...warnedOnly.inputs, warnings: [] } };
    expect(renderMarkdown(covered, CTX)).toContain('\n**Window:** from 2024-08-13T11:00:00.000-05:00 on · 1 hit line outside it, not counted\n');
    expect(renderMarkdown({ ...covered, window: { since: null, until: '2024-08-13T11:00:00.000' } }, CTX)).toContain('\n**Window:** before 2024-08-13T11:00:00.000 · ');
    expect(renderMarkdown(CLEAN_REPORT, CTX)).not.toContain('Window');
  });

  it('lists each trace set with its node, files and span, its gaps and restarts, escaped', () => {
    const list = md.slice(md.indexOf('### Trace coverage'), md.indexOf('**Inputs:**'));
    expect(linesOf(list.trim() + '\n')).toEqual([
      '### Trace coverage',
      '',
      '- `logs/SDL001_200` on cucmpub: 3 files, 2024-08-13T07:00:00.114-05:00 to 2024-08-13T16:05:11.020-05:00',
      '  - ⚠️ gap in the window: 4180 trace lines missing, no traces from 2024-08-13T09:58:10.331-05:00 to 2024-08-13T10:26:47.002-05:00 (between `logs/SDL001_200_000412.txt.gz` and `logs/SDL001_200_000413.txt.gzo`)',
      '  - restart at 2024-08-13T07:30:02.881-05:00: the trace sequence starts over in `logs/SDL001_200_000412.txt.gz`',
      // A set name with a newline, `<`, `|` and backticks: one code span on one line, the reason escaped.
      '- ``traces/pub,sub:2 100%/a <b> | `c` d/SDL001_100`` on cucmsub1: 2 files, 2024-08-13T07:10:00.004-05:00 to 2024-08-13T18:02:40.777-05:00',
      '  - gap: missing files SDL001\\_100\\_&lt;2&gt;\\|\\`x\\` y, no traces from 2024-08-13T17:20:00.000-05:00 to 2024-08-13T17:45:10.500-05:00 ' +
        '(between ``traces/pub,sub:2 100%/a <b> | `c` d/SDL001_100_000001.txt`` and ``traces/pub,sub:2 100%/a <b> | `c` d/SDL001_100_000003.txt``)',
    ]);
    expect(renderMarkdown(CLEAN_REPORT, CTX)).toContain('\n### Trace coverage\n\n- `logs/clean.log`: 1 file, 2024-08-13T07:00:00.000 to 2024-08-13T07:59:58.812\n');
    const untimed: Report = { ...CLEAN_REPORT, coverage: [{ ...CLEAN_REPORT.coverage[0], from: null, to: null, restarts: [{ at: null, file: 'a' }] }] };
    expect(renderMarkdown(untimed, CTX)).toContain('- `logs/clean.log`: 1 file, no timestamp to no timestamp\n  - restart: the trace sequence starts over in `a`\n');
    expect(renderMarkdown({ ...CLEAN_REPORT, coverage: [] }, CTX)).not.toContain('Trace coverage');
  });

  it('lists at most 50 trace sets, those with gaps or restarts first, and 10 gaps and restarts a set', () => {
    const plain = (i: number) => ({ ...CLEAN_REPORT.coverage[0], set: `logs/plain-${String(i).padStart(2, '0')}.log` });
    const gaps = Array.from({ length: 12 }, (_, i) => ({ ...MIXED_REPORT.coverage[0].gaps[0], reason: `gap ${i}` }));
    const coverage = [...Array.from({ length: 55 }, (_, i) => plain(i)), { ...MIXED_REPORT.coverage[0], gaps }];
    const text = renderMarkdown({ ...MIXED_REPORT, coverage }, CTX);
    const sets = linesOf(text).filter((l) => l.startsWith('- `logs/'));
    expect(sets).toHaveLength(50);
    expect(sets[0]).toMatch(/^- `logs\/SDL001_200` /);
    expect(linesOf(text).filter((l) => /^ {2}- (⚠️ )?gap/.test(l))).toHaveLength(10);
    expect(text).toContain('\n  - …and 3 more; run with `--format json` for the full report\n');
    expect(text).toContain('\n…and 6 more trace sets without gaps or restarts; run with `--format json` for the full report.\n');
  });

  it('escapes pipes, backticks and HTML in cells', () => {
    const row = rows(md)[2];
    expect(row).toContain(
      'The device is restricted \\| see \\`show risdb\\` &lt;query&gt; &amp; &quot;CTI&quot; \'rights\' — Bogotá',
    );
    expect(row).toContain('logs/jabber &lt;ñ&gt;&amp;.log:51');
    expect(escapeMarkdown('a|b`c<d>&e"f*g_h[i]\\j\nk')).toBe('a\\|b\\`c&lt;d&gt;&amp;e&quot;f\\*g\\_h\\[i\\]\\\\j k');
  });

  it('writes code spans that survive backticks and pipes', () => {
    expect(markdownCode('CONFERENCE_FULL', true)).toBe('`CONFERENCE_FULL`');
    expect(markdownCode('a`b', false)).toBe('``a`b``');
    expect(markdownCode('`x', false)).toBe('`` `x ``');
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('a|b', false)).toBe('`a|b`');
    // A path of 200,000 backtick runs: the fence is still one longer than the longest.
    const runs = 'a`'.repeat(200_000) + 'a``b';
    const span = markdownCode(runs, false);
    expect(span.length === runs.length + 6 && span.startsWith('```a`a') && span.endsWith('a``b```')).toBe(true);
  });

  it('lists the inputs and their messages', () => {
    expect(md).toContain('\n**Inputs:** 5 files, 9000 lines, 1.5 MB, 2 warnings, 1 error\n');
    expect(md).toContain("\n- ❌ `logs/missing.txt`: ENOENT: no such file or directory, open 'logs/missing.txt'\n");
    expect(md).toContain('\n- ⚠️ `logs/SDL001_200_000413.txt.gzo`: gzip stream has no trailer (file still being written); 1843 lines read');
  });

  it('lists at most 50 unknown tokens', () => {
    const unknown = Array.from({ length: 60 }, (_, i) => ({ ...MIXED_REPORT.unknown[0], token: `0x8CCC1${String(i).padStart(3, '0')}` }));
    const text = renderMarkdown({ ...MIXED_REPORT, unknown }, CTX);
    expect(rows(text)).toHaveLength(MIXED_REPORT.codes.length + 50);
    expect(text).toContain('…and 10 more unknown tokens; run with `--format json` for the full report.');
  });
});

// Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets); the validator does not check them.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Character references (&#13;) are read back only with this on.
  htmlEntities: true,
  isArray: (name) => name === 'testcase' || name === 'property',
});

function parseJunit(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(XML_FORBIDDEN);
  return xmlParser.parse(xml).testsuites;
}

describe('junit', () => {
  /** Every hostile character in descriptions, paths and messages: <, &, quotes, NUL, CR, non-ASCII. */
  const HOSTILE: Report = {
    ...MIXED_REPORT,
    inputs: {
      ...MIXED_REPORT.inputs,
      errors: [{ file: 'logs/"bad"\u0000<name>.txt', message: "can't read: <EIO> & more\r\nsecond line\u0007" }],
    },
    codes: MIXED_REPORT.codes.map((c) => ({
      ...c,
      description: `${c.description} <b>&amp;</b> "dq" 'sq' \u0000NUL\u001b ]]> ¿señal? 日本`,
      firstSeen: { ...c.firstSeen, file: `${c.firstSeen.file}/<&>"'\u0000` },
    })),
  };

  it('is valid XML whose counts match its test cases', () => {
    for (const report of [MIXED_REPORT, FAIL_ON_UNKNOWN_REPORT, CLEAN_REPORT, BIG_REPORT, HOSTILE]) {
      const suites = parseJunit(renderJunit(report, CTX));
      const suite = suites.testsuite;
      const cases: any[] = suite.testcase;
      const failures = cases.filter((c) => c.failure !== undefined).length;
      const errors = cases.filter((c) => c.error !== undefined).length;
      for (const counted of [suites, suite]) {
        expect(Number(counted.tests)).toBe(cases.length);
        expect(Number(counted.failures)).toBe(failures);
        expect(Number(counted.errors)).toBe(errors);
      }
      expect(failures).toBe(report.unexpected.length);
      expect(errors).toBe(report.inputs.errors.length);
    }
  });

  it('has one case per code seen, failed when unexpected, plus the inputs and each unread input', () => {
    const suite = parseJunit(renderJunit(MIXED_REPORT, CTX)).testsuite;
    const cases: any[] = suite.testcase;
    expect(cases.map((c) => `${c.classname} ${c.name}`)).toEqual([
      'cti-logscan.inputs inputs',
      'cti-logscan.inputs logs/missing.txt',
      ...MIXED_REPORT.codes.map((c) => `cti-logscan ${c.code}`),
    ]);
    const [, unread, timeout, , restricted, conference] = cases;
    expect(unread.error).toMatchObject({ type: 'input-error', message: MIXED_REPORT.inputs.errors[0].message });
    expect(timeout.failure.type).toBe('unexpected-code');
    expect(timeout.failure.message).toBe('CTIERR_DIRECTORY_LOGIN_TIMEOUT was seen 12 times (5 events) in 2 files: not allowed by the policy');
    expect(timeout.failure['#text'].split('\n')).toEqual([
      'CTIERR_DIRECTORY_LOGIN_TIMEOUT (0x8CCC0075) was seen 12 times (5 events) in 2 files; not allowed by the policy.',
      'Nodes: cucmpub 12',
      'First seen: logs/SDL001_200_000412.txt.gz:118 at 2024-08-13T07:32:38.647-05:00',
      'Last seen: logs/SDL001_200_000413.txt.gzo:9 at 2024-08-13T16:05:11.020-05:00',
      'Directory login timed out.',
    ]);
    expect(restricted.failure).toBeUndefined();
    expect(restricted['system-out']).toContain(`\n${MIXED_REPORT.codes[2].description}`);
    expect(conference['system-out']).toContain('First seen: <stdin>:42 (no timestamp)');
  });

  it('fails unknown tokens only under --fail-on-unknown', () => {
    expect(renderJunit(MIXED_REPORT, CTX)).not.toContain('CTIERR_NOT_IN_ANY_TABLE');
    const cases: any[] = parseJunit(renderJunit(FAIL_ON_UNKNOWN_REPORT, CTX)).testsuite.testcase;
    const unknown = cases.find((c) => c.name === 'CTIERR_NOT_IN_ANY_TABLE');
    expect(unknown.classname).toBe('cti-logscan.unknown');
    expect(unknown.failure.type).toBe('unexpected-unknown-code');
  });

  it('reads back hostile text exactly, minus the characters XML cannot hold', () => {
    const cases: any[] = parseJunit(renderJunit(HOSTILE, CTX)).testsuite.testcase;
    const unread = cases[1];
    expect(unread.name).toBe('logs/"bad"<name>.txt');
    expect(unread.error.message).toBe("can't read: <EIO> & more\r\nsecond line");
    const timeout = cases[2];
    expect(timeout.failure['#text']).toContain(
      'Directory login timed out. <b>&amp;</b> "dq" \'sq\' NUL ]]> ¿señal? 日本',
    );
    expect(timeout.failure['#text']).toContain('First seen: logs/SDL001_200_000412.txt.gz/<&>"\':118 at');
    expect(cases[4]['system-out']).toContain('— Bogotá <b>&amp;</b>');
  });

  it('says the window, the trace sets, their gaps and restarts in the inputs case, never as a failure', () => {
    const suite = parseJunit(renderJunit(MIXED_REPORT, CTX)).testsuite;
    const out: string = suite.testcase[0]['system-out'];
    expect(out.split('\n').slice(0, 2)).toEqual([
      'Read 5 files, 9000 lines, 1572864 bytes; 2 warnings, 1 error.',
      'Time window: 2024-08-13T07:00:00.000 to 2024-08-13T17:00:00.000; 7 hit lines outside it are not counted.',
    ]);
    expect(out).toContain('\nCoverage: 2 trace sets, 2 gaps (1 inside the time window), 1 restart.\n');
    expect(out).toContain(
      '\ngap: logs/SDL001_200: 4180 trace lines missing: no traces from 2024-08-13T09:58:10.331-05:00 to 2024-08-13T10:26:47.002-05:00, ' +
        'between logs/SDL001_200_000412.txt.gz and logs/SDL001_200_000413.txt.gzo (inside the time window).\n',
    );
    // The set's name and the reason read back exactly: `<`, `|`, backticks and the newline.
    expect(out).toContain('\ngap: traces/pub,sub:2 100%/a <b> | `c`\nd/SDL001_100: missing files SDL001_100_<2>|`x`\ny: no traces from 2024-08-13T17:20:00.000-05:00 to');
    expect(out).toContain('\nrestart: logs/SDL001_200: the service restarted at 2024-08-13T07:30:02.881-05:00 (the trace sequence starts over in logs/SDL001_200_000412.txt.gz).');
    // Gaps are no failures: the counts are those of the codes and inputs alone.
    expect([suite.failures, suite.errors]).toEqual(['2', '1']);
    expect(suite.properties.property.map((p: any) => [p.name, p.value]).slice(4)).toEqual([
      ['since', '2024-08-13T07:00:00.000'],
      ['until', '2024-08-13T17:00:00.000'],
      ['outsideWindow', '7'],
    ]);
    const sinceOnly = parseJunit(renderJunit({ ...MIXED_REPORT, window: { since: '2024-08-13T07:00:00.000', until: null } }, CTX)).testsuite;
    expect(sinceOnly.properties.property.map((p: any) => p.name).slice(4)).toEqual(['since', 'outsideWindow']);
    const hostile: Report = { ...MIXED_REPORT, coverage: [{ ...MIXED_REPORT.coverage[1], set: 'a\u0000<b>&"c"]]>\r' }] };
    expect(parseJunit(renderJunit(hostile, CTX)).testsuite.testcase[0]['system-out']).toContain('\ngap: a<b>&"c"]]>\r: missing files');
  });

  it('always has the inputs case, so that a clean run is not "no tests"', () => {
    const suite = parseJunit(renderJunit(CLEAN_REPORT, CTX)).testsuite;
    expect(suite.testcase).toHaveLength(1);
    expect(suite.testcase[0]['system-out']).toBe('Read 1 file, 312 lines, 20480 bytes; 0 warnings, 0 errors.\nCoverage: 1 trace set, 0 gaps, 0 restarts.');
    expect(suite.properties.property.map((p: any) => [p.name, p.value])).toEqual([
      ['version', '1.0.0'],
      ['files', '1'],
      ['lines', '312'],
      ['bytes', '20480'],
    ]);
  });
});

describe('github', () => {
  const COMMAND = /^::(error|warning|notice)( [a-z]+=[^:,]*(,[a-z]+=[^:,]*)*)?::[^\r\n]*$/;

  it.each([
    ['100%', '100%25', '100%25'],
    ['a\rb', 'a%0Db', 'a%0Db'],
    ['a\nb', 'a%0Ab', 'a%0Ab'],
    ['\r\n', '%0D%0A', '%0D%0A'],
    ['a:b', 'a:b', 'a%3Ab'],
    ['a,b', 'a,b', 'a%2Cb'],
    ['%0A', '%250A', '%250A'],
    ['pub,sub:2 100%/x', 'pub,sub:2 100%25/x', 'pub%2Csub%3A2 100%25/x'],
    ['ñ <&> "q"', 'ñ <&> "q"', 'ñ <&> "q"'],
  ])('escapes %j as data %j and as a property %j', (input, data, property) => {
    expect(escapeCommandData(input)).toBe(data);
    expect(escapeCommandProperty(input)).toBe(property);
  });

  it('writes only workflow commands, one a line', () => {
    for (const report of [MIXED_REPORT, FAIL_ON_UNKNOWN_REPORT, BIG_REPORT]) {
      for (const line of linesOf(renderGithub(report, CTX))) expect(line).toMatch(COMMAND);
    }
    expect(renderGithub(CLEAN_REPORT, CTX)).toBe('');
  });

  it('annotates unexpected codes as errors at their first sighting, allowed ones as notices', () => {
    const lines = linesOf(renderGithub(MIXED_REPORT, CTX));
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual([
      '::error', // logs/missing.txt
      '::error',
      '::error',
      '::warning',
      '::warning', // the window is not fully covered
      '::notice', // the window
      '::notice', // the gap in the window (the warning above says it)
      '::notice', // the gap after the window
      '::notice', // the restart
      '::notice',
      '::notice',
      '::notice', // the unknown token
    ]);
    expect(lines[1]).toBe(
      '::error file=logs/SDL001_200_000412.txt.gz,line=118,title=CTIERR_DIRECTORY_LOGIN_TIMEOUT (12)::' +
        'CTIERR_DIRECTORY_LOGIN_TIMEOUT (0x8CCC0075) was seen 12 times (5 events) in 2 files; not allowed by the policy.%0A' +
        'Nodes: cucmpub 12%0A' +
        'First seen: logs/SDL001_200_000412.txt.gz:118 at 2024-08-13T07:32:38.647-05:00%0A' +
        'Last seen: logs/SDL001_200_000413.txt.gzo:9 at 2024-08-13T16:05:11.020-05:00%0A' +
        'Directory login timed out.',
    );
    expect(lines[2]).toMatch(/^::error file=traces\/pub%2Csub%3A2 100%25\/SDL001_100_000001\.txt,line=2210,title=/);
    expect(lines[0]).toBe(
      "::error file=logs/missing.txt,title=Input not read::logs/missing.txt: ENOENT: no such file or directory, open 'logs/missing.txt'",
    );
  });

  it('leaves out file and line for standard input and says when there is no timestamp', () => {
    const conference = linesOf(renderGithub(MIXED_REPORT, CTX)).find((l) => l.includes('CONFERENCE_FULL'));
    expect(conference).toMatch(/^::notice title=CONFERENCE_FULL \(1\)::/);
    expect(conference).toContain('First seen: <stdin>:42 (no timestamp)');
  });

  it('writes every error (each unexpected code is an ::error), at most 10 warnings and notices, and says what GitHub will not show', () => {
    const lines = linesOf(renderGithub(BIG_REPORT, CTX));
    const kinds = lines.map((l) => /^::([a-z]+)/.exec(l)![1]);
    expect(kinds.slice(0, 26)).toEqual([...Array(25).fill('error'), 'notice']);
    expect(lines[25]).toBe('::notice::GitHub shows 10 error annotations per step: the last 15 above may not show; run with --format json for the full report');
    expect(lines.slice(26, 36).every((l) => l.startsWith('::warning '))).toBe(true);
    expect(lines[36]).toMatch(/^::notice::2 more warning annotations were left out/);
    // Two overflow notices already placed: room for 7 notices (the 3 gaps first, then 4 codes) and a third overflow notice.
    expect(lines.slice(37, 40).every((l) => l.startsWith('::notice file=') && l.includes(',title=Trace gap::'))).toBe(true);
    expect(lines.slice(40, 44).every((l) => l.startsWith('::notice file=') && l.includes(',title=CTIERR_SYNTHETIC_ALLOWED_'))).toBe(true);
    expect(lines[44]).toMatch(/^::notice::10 more notice annotations were left out/);
    expect(lines).toHaveLength(45);
    expect(kinds.filter((k) => k === 'notice')).toHaveLength(10);
  });

  it('gives the window, each gap and restart at the first line of the file after it, and never an error for them', () => {
    const lines = linesOf(renderGithub(MIXED_REPORT, CTX));
    expect(lines).toContain('::notice title=Time window::Time window: 2024-08-13T07:00:00.000 to 2024-08-13T17:00:00.000; 7 hit lines outside it are not counted.');
    expect(lines).toContain(
      '::notice file=logs/SDL001_200_000413.txt.gzo,line=1,title=Trace gap in the window::logs/SDL001_200: 4180 trace lines missing: ' +
        'no traces from 2024-08-13T09:58:10.331-05:00 to 2024-08-13T10:26:47.002-05:00, between logs/SDL001_200_000412.txt.gz and logs/SDL001_200_000413.txt.gzo (inside the time window).',
    );
    expect(lines).toContain(
      '::notice file=logs/SDL001_200_000412.txt.gz,line=1,title=Service restart::logs/SDL001_200: the service restarted at 2024-08-13T07:30:02.881-05:00 ' +
        '(the trace sequence starts over in logs/SDL001_200_000412.txt.gz).',
    );
    // A set whose directory holds a comma, a colon, a percent sign, `<`, `|`, backticks and a newline: one command on one line.
    const hostile = lines.find((l) => l.includes('title=Trace gap::'))!;
    expect(hostile).toMatch(/^::notice file=traces\/pub%2Csub%3A2 100%25\/a <b> \| `c`%0Ad\/SDL001_100_000003\.txt,line=1,title=Trace gap::traces\/pub,sub:2 100%25\/a <b> \| `c`%0Ad\/SDL001_100: missing files SDL001_100_<2>\|`x`%0Ay: /);
    // Without the report's own warning, the gap in the window is the ::warning that says it.
    const unwarned: Report = { ...MIXED_REPORT, inputs: { ...MIXED_REPORT.inputs, warnings: [MIXED_REPORT.inputs.warnings[0]] } };
    const warnings = linesOf(renderGithub(unwarned, CTX)).filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/^::warning file=logs\/SDL001_200_000413\.txt\.gzo,line=1,title=Trace gap in the window::/);
    // Gaps never make an error, whatever the window.
    for (const report of [MIXED_REPORT, unwarned, BIG_REPORT]) {
      expect(linesOf(renderGithub(report, CTX)).filter((l) => l.startsWith('::error') && /Trace gap|Service restart|Time window/.test(l))).toEqual([]);
    }
    // Standard input or no file: no location.
    const noFile: Report = { ...MIXED_REPORT, coverage: [{ ...MIXED_REPORT.coverage[0], gaps: [{ ...MIXED_REPORT.coverage[0].gaps[0], before: '<stdin>' }], restarts: [] }] };
    expect(linesOf(renderGithub(noFile, CTX))).toContain(
      '::notice title=Trace gap in the window::logs/SDL001_200: 4180 trace lines missing: no traces from 2024-08-13T09:58:10.331-05:00 to 2024-08-13T10:26:47.002-05:00, between logs/SDL001_200_000412.txt.gz and <stdin> (inside the time window).',
    );
  });

  it('errors for unknown tokens under --fail-on-unknown', () => {
    const lines = linesOf(renderGithub(FAIL_ON_UNKNOWN_REPORT, CTX));
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(3);
    expect(lines.find((l) => l.includes('title=CTIERR_NOT_IN_ANY_TABLE'))).toMatch(/^::error file=logs\/jabber <ñ>&\.log,line=77,/);
  });
});

describe('sarif', () => {
  const parse = (report: Report) => JSON.parse(renderSarif(report, CTX));

  it('is SARIF 2.1.0 JSON, pretty-printed with a trailing newline', () => {
    const text = renderSarif(MIXED_REPORT, CTX);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",')).toBe(true);
    const log = JSON.parse(text);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toMatchObject({ name: 'cti-logscan', version: '1.0.0' });
  });

  const COVERAGE_RULES = ['trace-gap', 'service-restart'];
  const codeResults = (run: any) => run.results.filter((r: any) => !COVERAGE_RULES.includes(r.ruleId));

  it('has a rule per code seen and a result per unexpected code', () => {
    for (const report of [MIXED_REPORT, FAIL_ON_UNKNOWN_REPORT, CLEAN_REPORT, BIG_REPORT]) {
      const run = parse(report).runs[0];
      expect(codeResults(run)).toHaveLength(report.unexpected.length);
      expect(codeResults(run).map((r: any) => r.ruleId)).toEqual(report.unexpected);
      // Only unexpected codes are errors: gaps and restarts never are.
      expect(run.results.filter((r: any) => r.level === 'error')).toEqual(codeResults(run));
      for (const r of codeResults(run)) {
        expect(r.level).toBe('error');
        expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      }
      const codes = report.codes.map((c) => c.code);
      expect(run.tool.driver.rules.map((r: any) => r.id).slice(0, codes.length)).toEqual(codes);
    }
    const rule = parse(MIXED_REPORT).runs[0].tool.driver.rules[1];
    expect(rule).toMatchObject({
      id: 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED',
      name: 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED',
      shortDescription: { text: MIXED_REPORT.codes[1].description },
      properties: { value: '0x8CCC0047', aliases: ['CTIERR_MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED'] },
    });
  });

  it('points at the first sighting with a relative, percent-encoded URI', () => {
    const [timeout, max] = parse(MIXED_REPORT).runs[0].results;
    expect(timeout.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'logs/SDL001_200_000412.txt.gz', uriBaseId: '%SRCROOT%' },
      region: { startLine: 118 },
    });
    expect(max.locations[0].physicalLocation.artifactLocation.uri).toBe('traces/pub%2Csub%3A2%20100%25/SDL001_100_000001.txt');
    expect(timeout.message.text).toContain('First seen: logs/SDL001_200_000412.txt.gz:118 at 2024-08-13T07:32:38.647-05:00');
  });

  it('writes absolute paths as file: URIs and gives standard input no location', () => {
    const at = (file: string): Report => ({
      ...MIXED_REPORT,
      codes: [{ ...MIXED_REPORT.codes[0], firstSeen: { ...MIXED_REPORT.codes[0].firstSeen, file } }],
      unexpected: [MIXED_REPORT.codes[0].code],
    });
    const locationOf = (file: string) => parse(at(file)).runs[0].results[0].locations?.[0].physicalLocation.artifactLocation;
    expect(locationOf('/var/log/cti manager/a#1.txt')).toEqual({ uri: 'file:///var/log/cti%20manager/a%231.txt' });
    expect(locationOf('C:\\Logs\\SDL001.txt')).toEqual({ uri: 'file:///C:/Logs/SDL001.txt' });
    expect(locationOf('.\\logs\\ñ.txt')).toEqual({ uri: './logs/%C3%B1.txt', uriBaseId: '%SRCROOT%' });
    expect(locationOf('<stdin>')).toBeUndefined();
  });

  it('keeps fingerprints across runs that differ in lines, counts and times, not across files', () => {
    const shifted: Report = {
      ...MIXED_REPORT,
      codes: MIXED_REPORT.codes.map((c) => ({
        ...c,
        count: c.count * 3,
        files: c.files + 1,
        firstSeen: { ...c.firstSeen, line: c.firstSeen.line + 500, time: '2025-01-02T03:04:05.678+01:00' },
        lastSeen: { ...c.lastSeen, line: c.lastSeen.line + 900, time: null },
      })),
    };
    const moved: Report = {
      ...MIXED_REPORT,
      codes: MIXED_REPORT.codes.map((c) => ({ ...c, firstSeen: { ...c.firstSeen, file: 'logs/SDL001_200_000999.txt.gz' } })),
    };
    const prints = (report: Report) => codeResults(parse(report).runs[0]).map((r: any) => r.partialFingerprints['ctiCode/v1']);
    const base = prints(MIXED_REPORT);
    expect(base).toHaveLength(2);
    for (const p of base) expect(p).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(base).size).toBe(2);
    expect(prints(shifted)).toEqual(base);
    expect(prints(moved)[0]).not.toBe(base[0]);
    expect(base[0]).toBe(fingerprint('CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'logs/SDL001_200_000412.txt.gz'));
    expect(fingerprint('AB', 'C')).not.toBe(fingerprint('A', 'BC'));
  });

  it('gives the events and nodes of each unexpected code, and the window of the run', () => {
    const run = parse(MIXED_REPORT).runs[0];
    expect(run.results[0].properties).toEqual({ count: 12, events: 5, files: 2, nodes: { cucmpub: 12 } });
    expect(run.results[0].message.text).toMatch(/^CTIERR_DIRECTORY_LOGIN_TIMEOUT \(0x8CCC0075\) was seen 12 times \(5 events\) in 2 files; not allowed by the policy\.\nNodes: cucmpub 12\n/);
    expect(run.invocations[0].properties).toEqual({ window: { since: '2024-08-13T07:00:00.000', until: '2024-08-13T17:00:00.000' }, outsideWindow: 7 });
    expect(parse(CLEAN_REPORT).runs[0].invocations[0].properties).toBeUndefined();
  });

  it('has a note per gap and restart, a warning for a gap in the window, at the first line of the file after it', () => {
    const run = parse(MIXED_REPORT).runs[0];
    const coverage = run.results.filter((r: any) => COVERAGE_RULES.includes(r.ruleId));
    expect(coverage.map((r: any) => [r.ruleId, r.level])).toEqual([
      ['trace-gap', 'warning'],
      ['trace-gap', 'note'],
      ['service-restart', 'note'],
    ]);
    for (const r of coverage) {
      expect(run.tool.driver.rules[r.ruleIndex]).toMatchObject({ id: r.ruleId, defaultConfiguration: { level: 'note' } });
      expect(r.locations[0].physicalLocation.region).toEqual({ startLine: 1 });
      expect(r.partialFingerprints['ctiCode/v1']).toBe(fingerprint(r.ruleId, decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)));
    }
    expect(coverage[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'logs/SDL001_200_000413.txt.gzo', uriBaseId: '%SRCROOT%' });
    // The set's name and reason are JSON strings, read back exactly; the path a percent-encoded URI.
    expect(coverage[1].message.text).toMatch(/^traces\/pub,sub:2 100%\/a <b> \| `c`\nd\/SDL001_100: missing files SDL001_100_<2>\|`x`\ny: no traces from /);
    expect(coverage[1].locations[0].physicalLocation.artifactLocation.uri).toBe('traces/pub%2Csub%3A2%20100%25/a%20%3Cb%3E%20%7C%20%60c%60%0Ad/SDL001_100_000003.txt');
    // No coverage rules without gaps or restarts; standard input is no location.
    expect(parse(CLEAN_REPORT).runs[0].tool.driver.rules).toEqual([]);
    const noFile: Report = { ...MIXED_REPORT, coverage: [{ ...MIXED_REPORT.coverage[0], gaps: [], restarts: [{ at: null, file: '<stdin>' }] }] };
    const restart = parse(noFile).runs[0].results.at(-1);
    expect(restart).toMatchObject({ ruleId: 'service-restart', level: 'note', message: { text: 'logs/SDL001_200: the service restarted (the trace sequence starts over in <stdin>).' } });
    expect(restart.locations).toBeUndefined();
    expect(parse(noFile).runs[0].tool.driver.rules.map((r: any) => r.id)).not.toContain('trace-gap');
  });

  it('reports unknown tokens only under --fail-on-unknown', () => {
    expect(parse(MIXED_REPORT).runs[0].results.map((r: any) => r.ruleId)).not.toContain('CTIERR_NOT_IN_ANY_TABLE');
    const run = parse(FAIL_ON_UNKNOWN_REPORT).runs[0];
    const unknown = run.results.find((r: any) => r.ruleId === 'CTIERR_NOT_IN_ANY_TABLE');
    expect(unknown.message.text).toContain('unexpected under --fail-on-unknown');
    expect(run.tool.driver.rules[unknown.ruleIndex].properties).toEqual({ value: null, aliases: [] });
  });

  it('records unread inputs as tool notifications and the run as partial', () => {
    const [invocation] = parse(MIXED_REPORT).runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications.map((n: any) => [n.level, n.message.text])).toEqual([
      ['error', "logs/missing.txt: ENOENT: no such file or directory, open 'logs/missing.txt'"],
      ['warning', 'logs/SDL001_200_000413.txt.gzo: gzip stream has no trailer (file still being written); 1843 lines read'],
      ['warning', `logs/SDL001_200: ${MIXED_REPORT.inputs.warnings[1].message}`],
    ]);
    expect(parse(CLEAN_REPORT).runs[0].invocations[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
  });
});
