// argv before yargs reads it (src/cli/argv.ts): a table of command lines and what yargs is given.

import { describe, expect, it } from 'vitest';
import { AS_IS, prepareArgv } from '../../src/cli/argv.js';

const marked = (arg: string): string => AS_IS + arg;

describe('prepareArgv', () => {
  it.each([
    // A command's name after options moves to the front; true/false flags before it take no value.
    [['-q', 'merge', 'a.json'], ['merge', '--quiet=true', 'a.json']],
    [['--format', 'json', 'merge', 'a.json'], ['merge', '--format', 'json', 'a.json']],
    [['-f', 'json', '-q', 'watch', 'logs'], ['watch', '-f', 'json', '--quiet=true', 'logs']],
    // The first argument that is not an option decides: an input, so a later 'merge' is an input too.
    [['-q', 'a.log', 'merge'], ['--quiet=true', 'a.log', 'merge']],
    [['a.log', '-q'], ['a.log', '-q']],
    // A value that looks like a flag is glued to the flag that takes it.
    [['--tz', '-05:00', 'a.log'], ['--tz=-05:00', 'a.log']],
    [['--max', '-1932787502=1', 'a.log'], ['--max=-1932787502=1', 'a.log']],
    // '-' and what follows '--' pass through marked; a value flag right before '--' keeps nothing.
    [['-'], [marked('-')]],
    [['--allow', 'X', '--', '-a.log', 'merge'], ['--allow', 'X', marked('-a.log'), marked('merge')]],
    [['--allow', '--', 'a.log'], ['--allow', marked('a.log')]],
    // A value of a flag is never a command's name.
    [['--format', 'merge'], ['--format', 'merge']],
  ])('%j -> %j', (argv, expected) => {
    expect(prepareArgv(argv).argv).toEqual(expected);
  });

  it("says when '--' had nothing after it (a wrapper's empty \"$@\")", () => {
    expect(prepareArgv(['--allow', 'X', '--']).emptyAfterDashes).toBe(true);
    expect(prepareArgv(['--', 'a.log']).emptyAfterDashes).toBe(false);
    expect(prepareArgv([]).emptyAfterDashes).toBe(false);
  });
});
