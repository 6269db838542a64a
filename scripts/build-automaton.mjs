#!/usr/bin/env node
// Part of `npm run build`, after tsc: builds the default scan's automaton (the shipped catalog,
// the default era, numeric spellings) into dist/automaton.bin, so that a run loads it instead of
// building it on every start (see src/match/automaton-file.ts). Runs the compiled code in dist/, so
// the file's key is the one the compiled program computes.

import { automatonKey, DEFAULT_AUTOMATON_FILE, DEFAULT_ERA, DEFAULT_NUMERIC, matcherOptionsFor, writeAutomaton } from '../dist/match/automaton-file.js';
import { loadCatalog, planMatches } from '../dist/catalog/catalog.js';
import { buildMatcher } from '../dist/match/matcher.js';

const options = matcherOptionsFor(planMatches(loadCatalog(null), DEFAULT_ERA, DEFAULT_NUMERIC), DEFAULT_NUMERIC);
const matcher = buildMatcher(options);
writeAutomaton(DEFAULT_AUTOMATON_FILE, automatonKey(options), matcher.tables);
