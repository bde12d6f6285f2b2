import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm test on a machine that lacks what the suites need', () => {
  it('names the missing parts and the install command in its first lines, and runs nothing', () => {
    const result = spawnSync(process.execPath, ['scripts/test.ts', 'integration', 'e2e'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        CHROMIUM_PATH: '/nonexistent/chromium',
        HUB_TEST_PG_URL: 'postgres://postgres@127.0.0.1:1/test',
        HUB_TEST_SKIP_PG: '',
      },
    });
    const lines = result.stdout.split('\n');
    expect(result.status).toBe(1);
    expect(lines[0]).toContain('this machine does not have them');
    expect(result.stdout).toContain('Chromium at /nonexistent/chromium');
    expect(result.stdout).toContain('PostgreSQL answering at 127.0.0.1:1');
    expect(result.stdout).toMatch(/apt-get install -y --no-install-recommends .*chromium.* postgresql/);
    expect(result.stdout).not.toContain('=== integration');
    expect(lines.at(-2)).toBe('tests: 0 passed, 2 failed, 0 skipped');
  });
});
