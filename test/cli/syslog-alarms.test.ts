// The built CLI on CUCM syslog alarms as a syslog server stores them (CONTRACT.md "Timestamps,
// first and last seen"; FORMATS.md "CUCM syslog alarms"): each hit takes its alarm's own time.
// Build first (npm test does). TZ=UTC for every run.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { REPO, runJson, TempDirs, writeFile } from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const FIXTURE = 'fixtures/formats/cucm-syslog-alarm.log';

const seen = (report: Report, code: string) => {
  const found = report.codes.find((c) => c.code === code);
  if (!found) throw new Error(`${code} not in the report`);
  return { count: found.count, first: [found.firstSeen.line, found.firstSeen.time], last: [found.lastSeen.line, found.lastSeen.time] };
};

describe('CUCM syslog alarms', () => {
  it('every header form gives the alarm\'s time in firstSeen and lastSeen; UTC and GMT are +00:00', async () => {
    const { result, report } = await runJson([FIXTURE], { cwd: REPO });
    expect(result.code).toBe(1);
    expect(seen(report, 'CTIERR_DIRECTORY_LOGIN_FAILED')).toEqual({ count: 2, first: [1, '2026-03-14T12:12:57.100+00:00'], last: [6, '2026-03-14T13:05:19.484+00:00'] });
    expect(seen(report, 'CTIERR_LINE_RESTRICTED')).toEqual({ count: 2, first: [3, '2026-03-14T12:13:04.520+00:00'], last: [5, '2026-03-14T12:20:00.700+00:00'] });
    expect(seen(report, 'CTIERR_DIRECTORY_LOGIN_TIMEOUT')).toEqual({ count: 1, first: [4, '2026-03-14T12:14:10.006+00:00'], last: [4, '2026-03-14T12:14:10.006+00:00'] });
  });

  it('another zone name states no offset: without --tz its wall clock competes as if UTC', async () => {
    const { report } = await runJson([FIXTURE], { cwd: REPO });
    // Line 8 says EST: 08:30 with no offset is earlier than line 2's 12:12:58 UTC.
    expect(seen(report, 'CTIERR_DEVICE_RESTRICTED')).toEqual({ count: 2, first: [8, '2026-03-14T08:30:00.300'], last: [2, '2026-03-14T12:12:58.250+00:00'] });
  });

  it('--tz gives the offset of another zone name, never of UTC', async () => {
    const { report } = await runJson(['--tz', '-05:00', FIXTURE], { cwd: REPO });
    // 08:30 at -05:00 is 13:30 UTC: now the last.
    expect(seen(report, 'CTIERR_DEVICE_RESTRICTED')).toEqual({ count: 2, first: [2, '2026-03-14T12:12:58.250+00:00'], last: [8, '2026-03-14T08:30:00.300-05:00'] });
    expect(seen(report, 'CTIERR_DIRECTORY_LOGIN_FAILED').first).toEqual([1, '2026-03-14T12:12:57.100+00:00']);
  });

  describe('a file of alarms in one shape each', () => {
    let dir: string;
    beforeAll(() => {
      dir = temp.make('cti-logscan-alarms-');
    });

    it.each([
      ['priority, counter, host', '<187>36: cucmpub: Mar 14 2026 12:12:57.1 UTC :  ', '2026-03-14T12:12:57.100+00:00'],
      ['counter and host', '36: cucmpub: Mar 14 2026 12:12:57.12 UTC :  ', '2026-03-14T12:12:57.120+00:00'],
      ['host alone', 'cucmpub: Mar 14 2026 12:12:57.123 GMT :  ', '2026-03-14T12:12:57.123+00:00'],
      ['nothing before the date', 'Mar 14 2026 12:12:57.1 UTC :  ', '2026-03-14T12:12:57.100+00:00'],
      ['12-hour clock, PM', '<189>8103: Oct 14 2015 05:50:19 PM.484 UTC :  ', '2015-10-14T17:50:19.484+00:00'],
      ['12-hour clock, 12 AM', '<189>8103: Oct 14 2015 12:50:19 AM.484 UTC :  ', '2015-10-14T00:50:19.484+00:00'],
    ])('%s', async (_name, header, time) => {
      const file = writeFile(join(dir, `${time.replace(/\W/g, '')}.log`), `${header}%UC_CTI-3-CtiProviderOpenFailure: %[CTIconnectionId=212][Reason code.=-1932787616][App ID=Cisco CTIManager]: CTI application failed to open provider\n`);
      const { report } = await runJson(['--year', '2020', file]);
      expect(seen(report, 'CTIERR_DIRECTORY_LOGIN_FAILED')).toEqual({ count: 1, first: [1, time], last: [1, time] });
    });
  });
});
