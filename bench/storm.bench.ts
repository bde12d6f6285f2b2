/**
 * The storm (`npm run bench:storm`): the morning booking opens, thousands of residents race online
 * for a few hundred seats across many slots while fifty desks take phone bookings, push them and
 * pull; then every invariant of test/invariants/booking-invariants.ts is checked on what the hub and
 * the desks ended with. Embedded (PGlite data directory) and PostgreSQL (a scratch database at
 * HUB_TEST_PG_URL, skipped with a note when it does not answer).
 *
 * The hub is the real `serve` (`--rate-limits off`) in its own process; the residents and the desks
 * (bench/storm/storm-load.ts) in another. Desks sign in before the storm (the hub's own login, in
 * this process) so the sign-in limit per address does not stand between fifty desks on one machine.
 *
 * Baseline, same run: the bare booking transaction (bench/hub-booking/bare-transaction.ts: pgbench on
 * PostgreSQL when it is on the PATH, else a client loop; PGlite: the loop in this process) with as many
 * clients as residents at once, on a database of its own beside the storm's (so its rows never reach
 * the storm's change log), once before and once after the storm; the residents' requests per second
 * (slot lists and bookings: most residents find every seat gone and book nothing) are compared with
 * their mean. Besides the booking invariants, every request sent twice must have had the same answer
 * twice, and every booking on the hub must have been answered to someone.
 *
 * Sizes (environment): STORM_RESIDENTS online residents (3000), STORM_PHONE_RESIDENTS who only phone
 * (1000), STORM_SLOTS (40) × STORM_CAPACITY seats (10) with STORM_RESERVE of them kept for the phone
 * (2), STORM_DESKS (50) taking STORM_CALLS calls each (12), STORM_CONNECTIONS residents at once (50),
 * STORM_SEED (1), STORM_BARE bare transactions per baseline run (PGlite 3000, PostgreSQL 10000). The
 * exit code is 1 when an invariant does not hold.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeLogHead } from '../server/store/change-log.ts';
import type { HubSql } from '../server/store/hub-sql.ts';
import { migrate } from '../server/store/migrate.ts';
import { openHubSql } from '../server/store/open-store.ts';
import { hubProcess } from '../test/integration/hub-process.ts';
import { checkInvariants, violationLines } from '../test/invariants/booking-invariants.ts';
import { readHubState } from '../test/invariants/hub-state.ts';
import { syncToken } from '../test/storm/sync-token.ts';
import { type BenchFigure, loadAverage, machineFacts, recordBenchResult } from './bench-results.ts';
import {
  type BareFigures,
  bareBaseline,
  bareCouponsFor,
  pgbenchAvailable,
  runBare,
} from './hub-booking/bare-transaction.ts';
import { seedBenchData, slotIdAt } from './hub-booking/bench-data.ts';
import { withScratchPostgres } from './scratch-postgres.ts';
import type { StormSlot } from './storm/simulated-desk.ts';
import type { StormOutcome, StormPlan } from './storm/storm-load.ts';

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sizes = {
  onlineResidents: size('STORM_RESIDENTS', 3000),
  phoneResidents: size('STORM_PHONE_RESIDENTS', 1000),
  slots: size('STORM_SLOTS', 40),
  capacity: size('STORM_CAPACITY', 10),
  reserve: size('STORM_RESERVE', 2),
  desks: size('STORM_DESKS', 50),
  callsPerDesk: size('STORM_CALLS', 12),
  connections: size('STORM_CONNECTIONS', 50),
  seed: size('STORM_SEED', 1),
};
type Engine = 'pglite' | 'postgres';
const bareTransactions: Record<Engine, number> = {
  pglite: size('STORM_BARE', 3000),
  postgres: size('STORM_BARE', 10_000),
};

/**
 * One run of the bare booking transaction on the baseline's database at `target` (migrated and seeded
 * with the bench's usual slots, room for all, on the first run).
 */
async function bareRun(engine: Engine, target: string, first: boolean): Promise<BareFigures> {
  const sql = await openHubSql(target);
  try {
    if (first) {
      await migrate(sql);
      await seedBenchData(sql, {
        residents: 0,
        bareCoupons: bareCouponsFor(2 * bareTransactions[engine]),
        now: new Date(),
      });
    }
    return await runBare(
      sql,
      engine === 'postgres' ? target : null,
      sizes.connections,
      bareTransactions[engine],
    );
  } finally {
    await sql.close();
  }
}

/** Seeds the storm's hub and signs its desks in; the plan for the load generator, less the hub's address. */
async function prepare(sql: HubSql, now: Date): Promise<Omit<StormPlan, 'url' | 'outcomeFile'>> {
  await migrate(sql);
  await seedBenchData(sql, {
    residents: sizes.onlineResidents + sizes.phoneResidents,
    bareCoupons: 0,
    now,
    slots: { count: sizes.slots, capacity: sizes.capacity, callCenterReserve: sizes.reserve },
  });
  const desks: StormPlan['desks'] = [];
  for (let i = 0; i < sizes.desks; i += 1) {
    desks.push({ name: `desk ${i}`, token: await syncToken(sql, `storm desk ${i}`, now) });
  }
  const slots = await sql.query<StormSlot>(
    `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, start_time AS "startTime", capacity,
            call_center_reserve AS "callCenterReserve", reserve_release_days AS "reserveReleaseDays",
            booked_online AS "bookedOnline", booked_phone AS "bookedPhone", booked_walk_in AS "bookedWalkIn", held
       FROM slots WHERE id = ANY($1::text[])`,
    [Array.from({ length: sizes.slots }, (_, k) => slotIdAt(k))],
  );
  return {
    seed: sizes.seed,
    onlineResidents: sizes.onlineResidents,
    phoneResidents: sizes.phoneResidents,
    connections: sizes.connections,
    callsPerDesk: sizes.callsPerDesk,
    desks,
    slots,
    cursor: (await changeLogHead(sql)).lastSeq,
  };
}

function runLoad(plan: StormPlan, scratch: string): Promise<StormOutcome> {
  const planFile = join(scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/storm/storm-load.ts', planFile], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(readFileSync(plan.outcomeFile, 'utf8')) as StormOutcome);
      else reject(new Error(`the storm's load generator exited with ${code}`));
    });
  });
}

const byCount = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${n} × ${k}`)
    .join(', ');

async function storm(
  engine: Engine,
  target: string,
  bareTarget: string,
  scratch: string,
): Promise<{ figure: BenchFigure; sound: boolean }> {
  const now = new Date();
  const loadBefore = loadAverage();
  const bareBefore = await bareRun(engine, bareTarget, true);
  const seeding = await openHubSql(target);
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(seeding, now);
  } finally {
    await seeding.close();
  }
  const hub = await hubProcess(target, ['--rate-limits', 'off']);
  await hub.start();
  let outcome: StormOutcome;
  try {
    outcome = await runLoad(
      { ...prepared, url: hub.baseUrl, outcomeFile: join(scratch, `${engine}.json`) },
      scratch,
    );
  } finally {
    await hub.stop();
  }
  const loadAfter = loadAverage();
  const bareAfter = await bareRun(engine, bareTarget, false);

  const sql = await openHubSql(target);
  let checked: Record<string, string[]>;
  let unacknowledged: number;
  let seatsTaken: number;
  try {
    const hubState = await readHubState(sql);
    checked = checkInvariants({
      hub: hubState,
      acknowledged: outcome.acknowledged,
      desks: outcome.deskStates,
      readings: outcome.readings,
    });
    // Nothing failed in this storm, so every booking the hub has was answered to someone.
    const told = new Set(outcome.acknowledged.map((a) => a.bookingId));
    unacknowledged = hubState.bookings.filter((b) => !told.has(b.id)).length;
    seatsTaken = hubState.bookings.length;
  } finally {
    await sql.close();
  }
  const seats = sizes.slots * sizes.capacity;
  // Answers count the requests sent twice; the bookings made are those acknowledged.
  const online = outcome.acknowledged.filter((a) => a.by === 'online 201').length;
  const phone = outcome.acknowledged.filter((a) => a.by === 'desk push ok').length;
  const bookingsPerSecond = Math.round(((online + phone) / outcome.seconds) * 10) / 10;
  const answersPerSecond = Math.round((outcome.booking.count / outcome.seconds) * 10) / 10;
  // Most residents find every seat gone in the list and book nothing: the storm's traffic is both.
  const requestsPerSecond =
    Math.round(((outcome.booking.count + outcome.slotList.count) / outcome.seconds) * 10) / 10;
  const baseline = bareBaseline(bareBefore, bareAfter, sizes.connections);
  const ratio = Math.round((requestsPerSecond / baseline.value) * 100) / 100;
  const e = engine.padEnd(9);
  const bareLine = (when: string, f: BareFigures) =>
    `${e} bare booking transaction ${when} the storm: ${f.perSecond}/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms (${f.tool}, ${sizes.connections} clients)`;
  const ms = (l: { p50Ms: number; p99Ms: number; p999Ms: number }) =>
    `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, p999 ${l.p999Ms} ms`;
  console.info(bareLine('before', bareBefore));
  console.info(
    `${e} storm of ${outcome.seconds} s (load average ${loadBefore.join(' ')} → ${loadAfter.join(' ')})`,
  );
  console.info(
    `${e} bookings made: ${online + phone} of ${seats} seats (${online} online, ${phone} by phone), ${bookingsPerSecond}/s over the storm`,
  );
  console.info(
    `${e} POST bookings: ${outcome.booking.count} answers, ${answersPerSecond}/s, ${ms(outcome.booking)}: ${byCount(outcome.answers)}`,
  );
  console.info(
    `${e} GET slots: ${outcome.slotList.count}, ${ms(outcome.slotList)}; retried requests ${outcome.replays.sameAnswer}/${outcome.replays.sent} answered the same; network errors ${outcome.networkErrors}`,
  );
  console.info(
    `${e} desks: ${outcome.desks.calls} calls (${outcome.desks.noSeatSeen} saw no seat), pushed: ${byCount(outcome.desks.outcomes)}`,
  );
  console.info(
    `${e} desk pushes ${ms(outcome.desks.push)} (${outcome.desks.push.count}); pulls ${ms(outcome.desks.pull)} (${outcome.desks.pull.count})`,
  );
  console.info(bareLine('after', bareAfter));
  console.info(
    `${e} residents' requests (slot lists and bookings) ${requestsPerSecond}/s; ratio to the bare transaction (mean of the two) ${ratio}`,
  );
  const lines = violationLines(checked);
  if (unacknowledged > 0) lines.push(`${unacknowledged} bookings on the hub that nobody was told of`);
  if (outcome.replays.sameAnswer !== outcome.replays.sent) {
    lines.push(
      `idempotent retries: ${outcome.replays.sent - outcome.replays.sameAnswer} of ${outcome.replays.sent} requests sent twice got another answer`,
    );
  }
  console.info(
    lines.length === 0
      ? `${e} invariants: all ${Object.keys(checked).length} hold (${seatsTaken} bookings on the hub, every one acknowledged; ${outcome.deskStates.length} desks in step); ${outcome.replays.sent} retries answered as the first`
      : `${e} INVARIANTS BROKEN:\n${lines.map((l) => `${e}   ${l}`).join('\n')}`,
  );
  return {
    sound: lines.length === 0,
    figure: {
      name: `storm, hub on ${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}: ${sizes.onlineResidents} residents online + ${sizes.desks} desks for ${seats} seats`,
      value: requestsPerSecond,
      unit: "residents' requests/s",
      // p50/p99: of the bookings (POST), the requests that write.
      p50Ms: outcome.booking.p50Ms,
      p99Ms: outcome.booking.p99Ms,
      baseline,
      ratio,
      notes: {
        sizes,
        seconds: outcome.seconds,
        p999Ms: outcome.booking.p999Ms,
        bookingAnswersPerSecond: answersPerSecond,
        bookingsMade: { online, phone, perSecond: bookingsPerSecond },
        answers: outcome.answers,
        slotList: outcome.slotList,
        desks: outcome.desks,
        replays: outcome.replays,
        bareRuns: [bareBefore, bareAfter],
        invariantsHold: lines.length === 0,
        violations: lines,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
    },
  };
}

console.info(
  `storm: ${sizes.onlineResidents} residents online (${sizes.connections} at once) and ${sizes.desks} desks ` +
    `(${sizes.callsPerDesk} calls each) for ${sizes.slots} slots × ${sizes.capacity} seats ` +
    `(${sizes.reserve} kept for the phone), seed ${sizes.seed}; the hub and the load in processes of their own`,
);
const scratch = mkdtempSync(join(tmpdir(), 'hub-storm-'));
const results: Array<{ figure: BenchFigure; sound: boolean }> = [];
try {
  results.push(await storm('pglite', join(scratch, 'pglite'), join(scratch, 'pglite-bare'), scratch));
  const onPostgres = await withScratchPostgres('hub_storm', (url) =>
    withScratchPostgres('hub_storm_bare', (bareUrl) => storm('postgres', url, bareUrl, scratch)),
  );
  if (onPostgres) results.push(onPostgres);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
recordBenchResult({
  bench: 'storm',
  at: new Date().toISOString(),
  machine: machineFacts({ pgbench: pgbenchAvailable() }),
  figures: results.map((r) => r.figure),
});
if (results.some((r) => !r.sound)) process.exit(1);
