#!/usr/bin/env node
// Summarises the Jest JSON reports under reports/jest (written by the Nx test/test-int/test-e2e targets as
// reports/jest/<project root>/<tier>.json, e.g. reports/jest/apps/flows/int.json) and prints, as the very last line, exactly:
//
//   N passed, M failed
//
// N = sum of numPassedTests; M = sum of numFailedTests + numRuntimeErrorTestSuites (a suite that failed
// to run counts as one failed test) + 1 per unreadable report. With --nx-failed=<step> (repeatable; used
// by scripts/test.sh when an nx invocation failed, e.g. lint or a compile error that wrote no report),
// M is at least 1. Exit status: 1 when M > 0, else 0. Everything goes to stdout, in order.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let dir = join(ROOT, 'reports/jest');
const nxFailed = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a.startsWith('--nx-failed=')) nxFailed.push(a.slice('--nx-failed='.length));
  else if (a === '--nx-failed' && args[i + 1] !== undefined) nxFailed.push(args[++i]);
  else if (a.startsWith('--dir=')) dir = a.slice('--dir='.length);
  else if (a === '--dir' && args[i + 1] !== undefined) dir = args[++i];
}

const out = [];
const say = (s = '') => out.push(s);
const num = (v) => (Number.isFinite(v) ? v : 0);
const firstLines = (s, n) =>
  String(s ?? '')
    // strip ANSI colours from Jest messages
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, n);

// every *.json below reports/jest, at any depth
function listReports(base, prefix = '') {
  if (!existsSync(base)) return [];
  const found = [];
  for (const e of readdirSync(base, { withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.json')) found.push(`${prefix}${e.name}`);
    else if (e.isDirectory()) found.push(...listReports(join(base, e.name), `${prefix}${e.name}/`));
  }
  return found.sort();
}
const files = listReports(dir);
const rows = [];
const problems = [];
let passed = 0;
let failed = 0;

for (const f of files) {
  const name = f.replace(/\.json$/, '');
  let r;
  try {
    r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  } catch (e) {
    rows.push({ name, passed: 0, failed: 1, skipped: 0, suites: '?', status: 'UNREADABLE' });
    problems.push(`${name}: report is not valid JSON (${e.message})`);
    failed += 1;
    continue;
  }
  const p = num(r.numPassedTests);
  const runtimeErrors = num(r.numRuntimeErrorTestSuites);
  const ft = num(r.numFailedTests);
  const skipped = num(r.numPendingTests) + num(r.numTodoTests);
  const results = Array.isArray(r.testResults) ? r.testResults : [];
  // a suite reported as failed with no failed assertion failed to run (compile error, crash in beforeAll...)
  const brokenSuites = results.filter(
    (t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  const f2 = ft + Math.max(runtimeErrors, brokenSuites.length);
  passed += p;
  failed += f2;
  rows.push({
    name,
    passed: p,
    failed: f2,
    skipped,
    suites: `${num(r.numPassedTestSuites)}/${num(r.numTotalTestSuites)}`,
    status: f2 > 0 ? 'FAIL' : r.success === false ? 'FAIL' : 'ok',
  });
  for (const t of brokenSuites) {
    const file = t.name ? relative(ROOT, t.name) : '(unknown suite)';
    problems.push(`${name}: suite failed to run: ${file}`);
    for (const l of firstLines(t.message || t.failureMessage, 4)) problems.push(`    ${l}`);
  }
  for (const t of results) {
    for (const a of t.assertionResults ?? []) {
      if (a.status !== 'failed') continue;
      problems.push(`${name}: failed: ${a.fullName || a.title} (${t.name ? relative(ROOT, t.name) : '?'})`);
      for (const l of firstLines((a.failureMessages ?? [])[0], 2)) problems.push(`    ${l}`);
    }
  }
  if (r.success === false && f2 === 0) {
    // e.g. a coverage threshold or an open-handle failure: Jest said "not successful" without a failed test
    problems.push(`${name}: Jest reported the run as unsuccessful without a failed test`);
    failed += 1;
    rows[rows.length - 1].failed = 1;
  }
}

say('');
say('Test summary (reports/jest)');
if (rows.length === 0) {
  say(`  no Jest reports found in ${relative(ROOT, dir) || dir}`);
} else {
  const w = Math.max(6, ...rows.map((r) => r.name.length));
  say(`  ${'report'.padEnd(w)}  ${'passed'.padStart(6)}  ${'failed'.padStart(6)}  ${'skipped'.padStart(7)}  ${'suites'.padStart(7)}  status`);
  for (const r of rows) {
    say(
      `  ${r.name.padEnd(w)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${String(r.suites).padStart(7)}  ${r.status}`,
    );
  }
}
const MAX_PROBLEMS = 60;
if (problems.length > 0) {
  say('');
  say('Failures:');
  for (const l of problems.slice(0, MAX_PROBLEMS)) say(`  ${l}`);
  if (problems.length > MAX_PROBLEMS) say(`  ... ${problems.length - MAX_PROBLEMS} more lines (see reports/jest/*.json)`);
}
if (nxFailed.length > 0) {
  say('');
  say(`Failed steps: ${nxFailed.join(', ')} (see the output above)`);
  if (failed === 0) failed = 1;
}
say('');
say(`${passed} passed, ${failed} failed`);
process.stdout.write(out.join('\n') + '\n');
process.exitCode = failed > 0 ? 1 : 0;
