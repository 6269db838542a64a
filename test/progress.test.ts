// The progress line: nothing for a short scan, then files done, MB read and MB/s, redrawn in place
// and cleared before any other message and at the end.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatProgress, PROGRESS_DELAY_MS, startProgress } from '../src/progress.js';

describe('progress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('formats files, MB read and MB/s', () => {
    expect(formatProgress({ filesDone: 3, filesTotal: 16, bytesRead: 50 * 1024 * 1024 }, 2000)).toBe(
      'cti-logscan: 3/16 files, 50.0 MB read, 25.0 MB/s',
    );
  });

  it('shows nothing for a scan shorter than the delay', () => {
    const written: string[] = [];
    const line = startProgress((t) => written.push(t), () => Date.now());
    line.update({ filesDone: 0, filesTotal: 1, bytesRead: 10 });
    vi.advanceTimersByTime(PROGRESS_DELAY_MS - 300);
    line.stop();
    expect(written).toEqual([]);
  });

  it('redraws in place after the delay, follows the scan and clears itself', () => {
    const written: string[] = [];
    const line = startProgress((t) => written.push(t), () => Date.now());
    const progress = { filesDone: 0, filesTotal: 2, bytesRead: 0 };
    line.update(progress);
    progress.bytesRead = 3 * 1024 * 1024; // the scan updates the same object as it reads
    vi.advanceTimersByTime(PROGRESS_DELAY_MS + 250);
    expect(written.at(-1)).toMatch(/^\r\x1b\[Kcti-logscan: 0\/2 files, 3\.0 MB read, [\d.]+ MB\/s$/);
    line.message('cti-logscan: a.txt: warning: something\n');
    expect(written.slice(-3)).toEqual(['\r\x1b[K', 'cti-logscan: a.txt: warning: something\n', expect.stringMatching(/^\r\x1b\[Kcti-logscan: /)]);
    line.stop();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});
