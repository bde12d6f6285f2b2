/**
 * After the end-to-end run (`npm test` runs this right after the e2e suite; by hand:
 * `E2E_LOG_SCAN=1 npx vitest run --project log-scan`): no log or console capture the run left in
 * test-results/e2e-logs/ (test/e2e/e2e-logs.ts) names a test resident, nor gives a ticket number,
 * birth date or phone of one; the residents are the ones the run's stores held. It fails when there is
 * nothing to scan, and says how much it read, so it cannot pass on nothing.
 */
import { expect, it } from 'vitest';
import { e2eLogDir } from '../e2e/e2e-logs.ts';
import { describeScan, scanLogs } from './scan-logs.ts';

// Only after an e2e run (scripts/test.ts sets E2E_LOG_SCAN): alone, or beside the other suites in one
// `vitest run`, there is nothing finished to scan.
it.skipIf(!process.env.E2E_LOG_SCAN)(
  'the end-to-end run’s logs and console captures hold no test resident’s data',
  () => {
    const scan = scanLogs(e2eLogDir);
    console.info(describeScan(scan));
    expect(scan.logFiles.length, 'no logs to scan: run the e2e suite first').toBeGreaterThan(0);
    expect(scan.bytes, 'the logs are empty').toBeGreaterThan(0);
    expect(scan.terms.name, 'no test residents were recorded').toBeGreaterThan(0);
    expect(scan.hits).toEqual([]);
  },
);
