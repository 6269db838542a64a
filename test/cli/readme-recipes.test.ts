// Every `cti-logscan` command line of the README's CI recipes, run as written (through bash, with
// `cti-logscan` on the PATH) on a copy of the sample logs and the example policy file.

import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, runCommand } from '../helpers/cli.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### In CI'), readme.indexOf('### Codes and their meaning'));

/** The command lines of the section's yaml and sh blocks that run cti-logscan, in order. */
function recipeCommands(): string[] {
  const commands: string[] = [];
  for (const block of section.matchAll(/```(?:yaml|sh)\n([\s\S]*?)```/g)) {
    for (const raw of block[1].split('\n')) {
      const line = raw.replace(/#.*$/, '').trim().replace(/^- /, '').replace(/^run: /, '');
      if (line.startsWith('cti-logscan ')) commands.push(line);
    }
  }
  return commands;
}

/** What each recipe gives on the samples under the example policy. */
function expectedExit(command: string): number {
  if (command.includes('|| true')) return 0;
  if (command.includes('--baseline ')) return 0; // the same logs as the baseline
  return 1; // the samples hold codes the example policy does not allow
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-recipes-'));
  cpSync(join(REPO, 'fixtures', 'samples'), join(dir, 'logs'), { recursive: true });
  cpSync(join(REPO, 'fixtures', 'ci', '.cti-logscan.json'), join(dir, '.cti-logscan.json'));
  mkdirSync(join(dir, 'ci'));
  mkdirSync(join(dir, 'bin'));
  const shim = join(dir, 'bin', 'cti-logscan');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  writeFileSync(join(dir, 'summary.md'), '');
  const mtime = new Date('2026-03-15T12:00:00Z');
  utimesSync(join(dir, 'logs', 'jtapi', 'CiscoJtapi1.log'), mtime, mtime);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README CI recipes', () => {
  const commands = recipeCommands();

  it('are there: GitHub, GitLab, baseline and merge', () => {
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const needle of ['--format github', '--format markdown', '--format sarif', '--format junit', '--write-baseline', '--baseline', 'merge']) {
      expect(commands.some((c) => c.includes(needle)), needle).toBe(true);
    }
  });

  it('run as written, in order, with the exit codes a pipeline sees', async () => {
    for (const command of commands) {
      const run = await runCommand('bash', ['-c', command], {
        cwd: dir,
        env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
      });
      expect(run.code, `${command}\n${run.stderr}`).toBe(expectedExit(command));
      expect(run.stderr, command).not.toMatch(/at .*\.js:\d+/); // no stack trace
      if (command.includes('--format github')) {
        const lines = run.stdout.trim().split('\n');
        expect(lines.every((l) => /^::(error|warning|notice)( |::)/.test(l))).toBe(true);
        expect(lines.some((l) => l.startsWith('::error file=logs/'))).toBe(true);
      }
    }
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('## CTI error codes');
    const sarif = JSON.parse(readFileSync(join(dir, 'cti.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    const junit = readFileSync(join(dir, 'cti-junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toContain('<failure');
    expect(JSON.parse(readFileSync(join(dir, 'ci', 'cti-baseline.json'), 'utf8')).schemaVersion).toBe(1);
  });
});
