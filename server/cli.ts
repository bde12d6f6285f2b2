/**
 * The hub's command line: `npm run hub -- <command> [options]`.
 *
 *   serve [--port 8787] [--host 127.0.0.1] [--db URL_OR_PATH] [--log-level info] [--trust-proxy ADDRS]
 *         [--allowed-hosts NAMES]
 *         [--rate-limits on|off] [--change-log-days 30] [--hold-minutes 5] [--hold-extend-minutes 5]
 *         [--hold-max-minutes 15]
 *   migrate [--db …]
 *   seed-demo [--db …] [--seed N] [--coupons N]
 *   import-coupons FILE [--db …]          exit 0: all rows ok, 2: some rows rejected, 1: failed
 *   create-staff LOGIN --role ROLE [--name NAME] [--municipality CODE] [--venues ID,…] [--db …]   (password on stdin)
 *   register-device NAME [--municipality CODE] [--db …]   prints the desktop's id and secret (once)
 *   openapi [--out FILE]                  the OpenAPI document (stdout or FILE)
 *   audit-verify [--db …]                 checks the hub's audit chain and every desk's; exit 1 at a broken link
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { staffRoles } from '../domain/vocabulary/index.ts';
import { verifyAuditChain } from './audit/audit-chain.ts';
import { verifyDeskAuditChains } from './audit/desk-audit-chains.ts';
import { defaultHoldPolicy, type HoldPolicy } from './booking/hold-seats.ts';
import { systemClock } from './clock.ts';
import { describeTarget, resolveDatabaseTarget } from './config.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { buildHubApp } from './http/build-hub-app.ts';
import { type LogLevel, logLevels } from './http/logging.ts';
import { importCoupons } from './import/import-coupons.ts';
import { defaultChangeLogRetentionDays, startMaintenance } from './maintenance.ts';
import { openApiDocumentJson } from './openapi-file.ts';
import { createStaff, StaffInputError } from './staff/create-staff.ts';
import type { HubSql } from './store/hub-sql.ts';
import { migrate } from './store/migrate.ts';
import { openHubSql } from './store/open-store.ts';
import { registerDevice } from './sync/device-sessions.ts';

const usage = `usage: npm run hub -- <command> [options]
  serve [--port 8787] [--host 127.0.0.1] [--db URL_OR_PATH] [--log-level info] [--trust-proxy ADDRS]
        [--allowed-hosts NAMES]
        [--rate-limits on|off] [--change-log-days 30] [--hold-minutes 5] [--hold-extend-minutes 5]
        [--hold-max-minutes 15]
  migrate [--db URL_OR_PATH]
  seed-demo [--db URL_OR_PATH] [--seed N] [--coupons N]
  import-coupons FILE [--db URL_OR_PATH]
  create-staff LOGIN --role ${staffRoles.join('|')} [--name NAME] [--municipality CODE] [--venues ID,...] [--db URL_OR_PATH]
  register-device NAME [--municipality CODE] [--db URL_OR_PATH]
  openapi [--out FILE]
  audit-verify [--db URL_OR_PATH]
--db defaults to HUB_DATABASE_URL, else an embedded store in the user's data directory.`;

class UsageError extends Error {}

const options = {
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'log-level': { type: 'string' },
  'trust-proxy': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  'rate-limits': { type: 'string' },
  'change-log-days': { type: 'string' },
  'hold-minutes': { type: 'string' },
  'hold-extend-minutes': { type: 'string' },
  'hold-max-minutes': { type: 'string' },
  seed: { type: 'string' },
  coupons: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  municipality: { type: 'string' },
  venues: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
}

/** A comma-separated list (proxies' addresses, host names); an empty one is a mistake. */
function listOption(value: string, name: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UsageError(`--${name} needs a comma-separated list`);
  return items;
}

async function withDatabase<T>(dbFlag: string | undefined, fn: (sql: HubSql) => Promise<T>): Promise<T> {
  const target = resolveDatabaseTarget(dbFlag);
  const sql = await openHubSql(target);
  try {
    await migrate(sql);
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function serve(values: {
  db?: string;
  port?: string;
  host?: string;
  'log-level'?: string;
  'trust-proxy'?: string;
  'allowed-hosts'?: string;
  'rate-limits'?: string;
  'change-log-days'?: string;
  'hold-minutes'?: string;
  'hold-extend-minutes'?: string;
  'hold-max-minutes'?: string;
}) {
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!logLevels.includes(level)) throw new UsageError(`--log-level must be one of ${logLevels.join(', ')}`);
  const port = integerOption(values.port, 'port', 8787);
  const rateLimits = values['rate-limits'] ?? 'on';
  if (rateLimits !== 'on' && rateLimits !== 'off') throw new UsageError('--rate-limits must be on or off');
  const changeLogRetentionDays = integerOption(
    values['change-log-days'],
    'change-log-days',
    defaultChangeLogRetentionDays,
  );
  const holdPolicy: HoldPolicy = {
    holdMinutes: integerOption(values['hold-minutes'], 'hold-minutes', defaultHoldPolicy.holdMinutes),
    extendMinutes: integerOption(
      values['hold-extend-minutes'],
      'hold-extend-minutes',
      defaultHoldPolicy.extendMinutes,
    ),
    maxTotalMinutes: integerOption(
      values['hold-max-minutes'],
      'hold-max-minutes',
      defaultHoldPolicy.maxTotalMinutes,
    ),
  };
  if (changeLogRetentionDays < 1) throw new UsageError('--change-log-days must be at least 1');
  if (holdPolicy.holdMinutes < 1 || holdPolicy.maxTotalMinutes < holdPolicy.holdMinutes) {
    throw new UsageError('--hold-minutes must be at least 1 and --hold-max-minutes at least --hold-minutes');
  }
  const target = resolveDatabaseTarget(values.db);
  const sql = await openHubSql(target);
  await migrate(sql);
  const app = await buildHubApp({
    sql,
    logLevel: level,
    ...(values['trust-proxy'] !== undefined
      ? { trustProxy: listOption(values['trust-proxy'], 'trust-proxy') }
      : {}),
    ...(values['allowed-hosts'] !== undefined
      ? { allowedHosts: listOption(values['allowed-hosts'], 'allowed-hosts') }
      : {}),
    // Off for load tests, and behind a proxy that limits rates itself (see docs/hub-operations.md).
    ...(rateLimits === 'off' ? { rateLimits: false as const } : {}),
    holdPolicy,
  });
  const maintenance = startMaintenance(sql, systemClock, app.log, { changeLogRetentionDays });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    maintenance.stop();
    await app.close();
    await sql.close();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await app.listen({ port, host: values.host ?? '127.0.0.1' });
  app.log.info({ engine: sql.engine }, `hub listening on ${address} (${describeTarget(target)})`);
  app.log.info(`resident booking page: ${address}/`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.info(usage);
    return command ? 0 : 1;
  }
  switch (command) {
    case 'serve':
      await serve(values);
      return -1;
    case 'migrate': {
      const target = resolveDatabaseTarget(values.db);
      const sql = await openHubSql(target);
      try {
        const result = await migrate(sql);
        const applied = result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'up to date';
        console.info(`schema version ${result.to}, ${applied} (${describeTarget(target)})`);
      } finally {
        await sql.close();
      }
      return 0;
    }
    case 'seed-demo': {
      const seed = integerOption(values.seed, 'seed', 1);
      const couponCount =
        values.coupons === undefined ? undefined : integerOption(values.coupons, 'coupons', 0);
      const result = await withDatabase(values.db, (sql) =>
        seedDemo(sql, { seed, now: systemClock(), ...(couponCount !== undefined ? { couponCount } : {}) }),
      );
      const { counts } = result;
      console.info(
        result.seeded
          ? `demo city ${result.municipalityCode} seeded: ${counts.venues} venues, ${counts.slots} slots, ${counts.coupons} coupons, ${counts.bookings} bookings`
          : `demo city ${result.municipalityCode} is already there; nothing changed`,
      );
      return 0;
    }
    case 'import-coupons': {
      const [file] = rest;
      if (!file) throw new UsageError('import-coupons needs the FILE to import');
      const report = await withDatabase(values.db, (sql) => importCoupons(sql, file, systemClock()));
      console.info(
        `${report.format}${report.encoding ? ` (${report.encoding})` : ''}: ${report.rows} rows; ` +
          `${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ` +
          `${new Set(report.rejected.map((r) => r.row)).size} rejected`,
      );
      if (report.newMunicipalities.length > 0) {
        console.info(`new municipalities registered: ${report.newMunicipalities.join(', ')}`);
      }
      if (report.notServed.rows > 0) {
        console.info(
          `warning: ${report.notServed.rows} row(s) of municipality ${report.notServed.municipalities.join(', ')}, ` +
            'which no active venue of this hub takes: imported, but those residents cannot book here until ' +
            'a venue takes their municipality',
        );
      }
      for (const r of report.rejected) console.info(`row ${r.row}: ${r.field}: ${r.reason}`);
      return report.rejected.length > 0 ? 2 : 0;
    }
    case 'create-staff': {
      const [login] = rest;
      if (!login) throw new UsageError('create-staff needs the LOGIN');
      if (!values.role) throw new UsageError(`create-staff needs --role (${staffRoles.join(', ')})`);
      const password = await readStdin();
      const { id } = await withDatabase(values.db, (sql) =>
        createStaff(sql, {
          login,
          role: values.role!,
          password,
          ...(values.name ? { displayName: values.name } : {}),
          ...(values.municipality ? { municipalityCode: values.municipality } : {}),
          ...(values.venues ? { venueIds: listOption(values.venues, 'venues') } : {}),
        }),
      );
      console.info(`staff ${login} created (${id})`);
      return 0;
    }
    case 'register-device': {
      const [name] = rest;
      if (!name) throw new UsageError('register-device needs the NAME of the desktop');
      const device = await withDatabase(values.db, (sql) =>
        registerDevice(sql, { name, municipalityCode: values.municipality ?? null }),
      );
      console.info(
        `device id:     ${device.id}\ndevice secret: ${device.secret}\n(enter both in the desktop's settings; the secret is not shown again)`,
      );
      return 0;
    }
    case 'audit-verify': {
      const [report, desks] = await withDatabase(values.db, async (sql) => [
        await verifyAuditChain(sql),
        await verifyDeskAuditChains(sql),
      ]);
      let broken = false;
      if (report.broken) {
        const { position, auditId, problem } = report.broken;
        console.error(
          `audit chain broken at position ${position}${auditId === null ? '' : ` (audit entry ${auditId})`}: ${problem}; ` +
            `${report.entries} entries before it verified`,
        );
        broken = true;
      } else {
        console.info(
          `audit chain intact: ${report.entries} entries, head ${report.headSeq} ${report.headHash}`,
        );
      }
      // Each desktop's own chain, as it sent it.
      for (const desk of desks) {
        if (desk.broken) {
          console.error(
            `desk ${desk.deviceId} audit chain broken at position ${desk.broken.position}: ${desk.broken.problem}; ` +
              `${Math.min(desk.entries, desk.broken.position - 1)} entries before it verified`,
          );
          broken = true;
        } else {
          console.info(
            `desk ${desk.deviceId} audit chain intact: ${desk.entries} entries, head ${desk.headHash}`,
          );
        }
      }
      return broken ? 1 : 0;
    }
    case 'openapi': {
      const json = await openApiDocumentJson();
      if (values.out) writeFileSync(values.out, json);
      else process.stdout.write(json);
      return 0;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      console.error(`${(error as Error).message}\n\n${usage}`);
    } else if (error instanceof StaffInputError) {
      console.error(error.message);
    } else {
      console.error(`hub: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  },
);
