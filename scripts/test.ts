/**
 * `npm test`: typecheck, lint + format check, Electron's hardening (electron-hardening.ts), build, then
 * the unit, integration, Electron and end-to-end suites, and the scan of everything the end-to-end run
 * logged for test residents' data (test/log-scan; its output goes into that scan too), after checking that the machine has what they need (test-prerequisites.ts). Every step runs even after a failure so one run shows everything; the last
 * line is the summary CI reads: "tests: N passed, N failed, N skipped".
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
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

/** Where the e2e run leaves its logs for the scan (test/e2e/e2e-logs.ts): emptied before the e2e step. */
const e2eLogDir = join('test-results', 'e2e-logs');

const only = process.argv.slice(2);
const steps: Array<{ name: string; cmd: string[]; suite?: string }> = [
  { name: 'typecheck', cmd: ['tsc', '-b'] },
  { name: 'lint', cmd: ['biome', 'ci', '.'] },
  { name: 'electron-hardening', cmd: ['node', 'scripts/electron-hardening.ts'] },
  { name: 'build', cmd: ['electron-vite', 'build'] },
  ...['unit', 'integration', 'electron', 'e2e', 'log-scan'].map((suite) => ({
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
  const command = join('node_modules', '.bin', bin!);
  if (step.name === 'e2e') rmSync(e2eLogDir, { recursive: true, force: true });
  const result =
    step.name === 'e2e'
      ? await runCopyingOutput(command, args, join(e2eLogDir, 'vitest-e2e.log'))
      : spawnSync(command, args, {
          stdio: 'inherit',
          env: step.name === 'log-scan' ? { ...process.env, E2E_LOG_SCAN: '1' } : process.env,
        });
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

/** Runs a step with its output shown as it comes and also written to `logPath` (for the log scan). */
async function runCopyingOutput(
  command: string,
  args: string[],
  logPath: string,
): Promise<{ status: number | null }> {
  mkdirSync(e2eLogDir, { recursive: true });
  const log = createWriteStream(logPath);
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    log.write(chunk);
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => log.end(resolve));
  return { status };
}
