// Policy stage: decides which codes seen are expected (allowed) and which are unexpected.
// Takes the --allow patterns; gives a predicate over catalog entries.

import picomatch from 'picomatch';
import type { CatalogEntry } from './catalog.js';

export interface Policy {
  /** Whether a code seen is allowed. */
  allows(entry: CatalogEntry): boolean;
}

/** `--allow` patterns are names, aliases or globs (CFWDALL_*); one matches a code by any of its names. */
export function buildPolicy(allow: readonly string[]): Policy {
  const matchers = allow.map((pattern) => picomatch(pattern, { nocase: false, dot: true }));
  return {
    allows: (entry) => [entry.code, ...entry.aliases].some((name) => matchers.some((m) => m(name))),
  };
}
