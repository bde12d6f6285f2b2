/**
 * `npm test`: typecheck, lint + format check, Electron's hardening (electron-hardening.ts), build, then
 * the unit, integration, Electron and end-to-end suites, after checking that the machine has what they need (test-prerequisites.ts). Every step runs even after a failure so one run shows everything; the last
 * line is the summary CI reads: "tests: N passed, N failed, N skipped".
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeMissing, missingPrerequisites } from './test-prerequisites.ts';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const reportDir = join('test-results', 'vitest');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const only = process.argv.slice(2);
const steps: Array<{ name: string; cmd: string[]; suite?: string }> = [
  { name: 'typecheck', cmd: ['tsc', '-b'] },
  { name: 'lint', cmd: ['biome', 'ci', '.'] },
  { name: 'electron-hardening', cmd: ['node', 'scripts/electron-hardening.ts'] },
  { name: 'build', cmd: ['electron-vite', 'build'] },
  ...['unit', 'integration', 'electron', 'e2e'].map((suite) => ({
    name: suite,
    suite,
    cmd: [
      'vitest',
      'run',
      '--project',
      suite,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(reportDir, `${suite}.json`)}`,
    ],
  })),
].filter((s) => only.length === 0 || only.includes(s.name));

const missing = await missingPrerequisites(steps.flatMap((s) => (s.suite ? [s.suite] : [])));
if (missing.length > 0) {
  for (const line of describeMissing(missing)) console.info(line);
  console.info(`\ntests: 0 passed, ${missing.length} failed, 0 skipped`);
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];

for (const step of steps) {
  console.info(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const [bin, ...args] = step.cmd;
  const result = spawnSync(join('node_modules', '.bin', bin!), args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.suite) {
    try {
      const report = JSON.parse(readFileSync(join(reportDir, `${step.suite}.json`), 'utf8')) as VitestJson;
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + report.numTodoTests;
    } catch {
      totals.failed += 1; // the suite crashed before writing its report
    }
  }
  if (result.status !== 0) {
    failedSteps.push(step.name);
    if (!step.suite) totals.failed += 1; // a failed typecheck, lint or build counts as a failure too
  }
  console.info(`=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds}s`);
}

if (failedSteps.length > 0) console.info(`\nfailed steps: ${failedSteps.join(', ')}`);
console.info(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
