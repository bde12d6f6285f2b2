/** `npm run hub -- …` as a person runs it: a real process on a file-backed embedded store. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/staff/password-hash.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';
import { hubProcess } from './hub-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hub-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hub(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/cli.ts', ...args, '--db', dataDir], {
      env: { ...process.env, HUB_DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** `serve` in its own process with these flags; answers the statuses of `n` GET /api/v1/public/venues. */
async function publicStatusesOfServe(
  flags: string[],
  n: number,
  headersOf: (i: number) => Record<string, string> = () => ({}),
): Promise<number[]> {
  const serve = await hubProcess(dataDir, flags);
  await serve.start();
  try {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const answer = await fetch(new URL('api/v1/public/venues', serve.baseUrl), { headers: headersOf(i) });
      await answer.arrayBuffer();
      statuses.push(answer.status);
    }
    return statuses;
  } finally {
    await serve.stop();
  }
}

describe('hub command line', () => {
  it('migrates an embedded store', async () => {
    const result = await hub(['migrate']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/schema version \d+, applied 001-hub-schema, 002-sync-sessions/);
  });

  it('imports coupons: exit 2 and the rejected rows without their contents', async () => {
    const path = join(dir, 'coupons.csv');
    writeFileSync(
      path,
      [
        'ticket_number,municipality_code,name,name_kana,birth_date',
        '0000000101,131016,木村 一,キムラ ハジメ,S10.1.1',
        '12345,131016,林 二,ハヤシ ジ,S10.1.2',
      ].join('\n'),
    );
    const result = await hub(['import-coupons', path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('1 new, 0 updated, 0 unchanged, 1 rejected');
    expect(result.stdout).toContain('row 3: ticket_number: not 10 digits');
    // No venue takes 131016 on this new store: the row is imported, with a warning that says so.
    expect(result.stdout).toContain(
      'warning: 1 row(s) of municipality 131016, which no active venue of this hub takes: imported, but those residents cannot book here until a venue takes their municipality',
    );
    expect(result.stdout).not.toContain('12345');
    expect(result.stdout).not.toContain('林');

    writeFileSync(
      path,
      'ticket_number,municipality_code,name,name_kana,birth_date\n0000000102,131016,森 三,モリ サン,S10.1.3\n',
    );
    expect((await hub(['import-coupons', path])).code).toBe(0);
    const missing = await hub(['import-coupons', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('creates a staff account with the password from stdin, stored as an scrypt hash', async () => {
    const created = await hub(['create-staff', 'tanaka', '--role', 'manager'], 'correct horse battery\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const again = await hub(['create-staff', 'tanaka', '--role', 'manager'], 'another long password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('this login already exists');
    const badRole = await hub(['create-staff', 'suzuki', '--role', 'root'], 'correct horse battery\n');
    expect(badRole.code).toBe(1);

    const sql = await openPgliteEngine(dataDir);
    try {
      const [row] = await sql.query<{ role: string; password_hash: string }>(
        "SELECT role, password_hash FROM staff WHERE login = 'tanaka'",
      );
      expect(row!.role).toBe('manager');
      expect(row!.password_hash).toMatch(/^scrypt\$/);
      expect(await verifyPassword('correct horse battery', row!.password_hash)).toBe(true);
      expect(await verifyPassword('wrong', row!.password_hash)).toBe(false);
      const [coupons] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons');
      expect(coupons!.n).toBe(2);
    } finally {
      await sql.close();
    }
  });

  it('verifies the audit chain: exit 0 when intact, 1 naming the first broken link once an entry is edited', async () => {
    // create-staff above left its audit entry.
    const intact = await hub(['audit-verify']);
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit chain intact: [1-9]\d* entries, head \d+ [0-9a-f]{64}\n$/);
    const sql = await openPgliteEngine(dataDir);
    try {
      await sql.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await sql.query("UPDATE audit_log SET action = 'nothing.happened' WHERE chain_seq = 1");
      await sql.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    } finally {
      await sql.close();
    }
    const broken = await hub(['audit-verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /^audit chain broken at position 1 \(audit entry \d+\): its contents do not match/,
    );
  });

  it('serves with the public rate limits on by default and without them with --rate-limits off', async () => {
    const limited = await publicStatusesOfServe([], 301);
    expect(limited.slice(0, 300).every((s) => s === 200)).toBe(true);
    expect(limited[300]).toBe(429);
    const unlimited = await publicStatusesOfServe(['--rate-limits', 'off'], 301);
    expect(unlimited.every((s) => s === 200)).toBe(true);
    const wrong = await hub(['serve', '--rate-limits', 'sometimes']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--rate-limits must be on or off');
  });

  it('behind --trust-proxy, counts a client by the hop its proxy added, not by addresses it forged', async () => {
    // 301 requests of one client through the proxy on 127.0.0.1, each with another forged address first.
    const forged = (i: number) => ({ 'x-forwarded-for': `10.${i >> 8}.${i & 255}.1, 198.51.100.23` });
    const statuses = await publicStatusesOfServe(['--trust-proxy', '127.0.0.1'], 301, forged);
    expect(statuses.slice(0, 300).every((s) => s === 200)).toBe(true);
    expect(statuses[300]).toBe(429);
    const bare = await hub(['serve', '--trust-proxy']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/trust-proxy/);
  });

  it('explains its usage on an unknown command', async () => {
    const result = await hub(['frobnicate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown command: frobnicate');
    expect(result.stderr).toContain('usage: npm run hub');
  });
});
