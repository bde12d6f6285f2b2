/**
 * Entry of browser mode: `node electron/node/browser-main.ts [--port N] [--data-dir DIR] [--empty]
 * [--seed N] [--no-simulate] [--no-demo-hub]`. Opens the desk service, serves the built renderer and
 * the API on 127.0.0.1, prints the address (with the run's token) and runs until interrupted. An
 * unconfigured desktop then starts the local demo hub and syncs from it (see demo-hub.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserServer } from './browser-server.ts';
import { defaultDataDir } from './data-dir.ts';
import { attachDemoHub, type DemoHub } from './demo-hub.ts';
import { type DeskLaunchOptions, deskUsage, parseDeskArgs } from './desk-options.ts';
import { defaultDemoSeed, openDeskService } from './desk-service.ts';
import { describeStartupProblem } from './startup-problem.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
let requestedPort: number | undefined;

async function main(): Promise<void> {
  let options: DeskLaunchOptions;
  try {
    options = parseDeskArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(deskUsage);
    process.exit(2);
  }
  if (options.help) {
    console.info(deskUsage);
    process.exit(0);
  }
  requestedPort = options.port;
  const staticDir = join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.warn('out/renderer is not built yet: run `npm run build` (or start with `npm run web`).');
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const withDemoHub = !options.empty && !options.noDemoHub;
  const service = await openDeskService({
    dataDir,
    empty: options.empty,
    demoHub: withDemoHub,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.keepBookingsDays !== undefined ? { bookingRetentionDays: options.keepBookingsDays } : {}),
    appVersion: readAppVersion(),
    transport: 'browser',
    onDemoLoadStart: () => console.info('デモ市のデータを作成しています… / Creating the demo city...'),
  });
  const server = await startBrowserServer({
    call: (method, input) => service.call(method, input),
    subscribe: (listener) => service.events.subscribe(listener),
    ...(service.downloads ? { downloads: service.downloads } : {}),
    ...(service.uploads ? { uploads: service.uploads } : {}),
    staticDir,
    port: options.port ?? 0,
  });

  console.info(
    'ブラウザモードにはOSの鍵管理がないため、データの暗号鍵は鍵ファイル（desk.key、本人のみ読み取り可）にそのまま保存しています / ' +
      'Browser mode has no OS keychain: the data encryption key is kept as is in its key file (desk.key, owner-only).',
  );
  console.info('');
  console.info(
    'ブラウザで開いてください（このPCからのみ接続できます） / Open in a browser on this computer:',
  );
  console.info(`  ${server.url}`);
  console.info('');

  let demoHub: DemoHub | null = null;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // A demo hub still seeding is left behind: its next start sees the seed unfinished and redoes it.
    server
      .close()
      .then(() => service.close())
      .then(() => demoHub?.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // The page is already being served while the demo hub starts (its first start seeds the city).
  if (withDemoHub && !service.sync.configured) {
    console.info('デモ用の予約ハブを起動しています… / Starting the demo reservation hub...');
    demoHub = await attachDemoHub(service, {
      dataDir,
      seed: options.seed ?? defaultDemoSeed,
      simulate: !options.noSimulate,
      log: (line) => console.info(line),
    });
    if (stopping) await demoHub?.close();
  }
}

function readAppVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

main().catch((error: unknown) => {
  const problem = describeStartupProblem(error, { port: requestedPort });
  console.error(`起動できません: ${problem.ja}`);
  console.error(`Cannot start: ${problem.en}`);
  // For the engineer: opening errors (a database newer than the code, an unreadable file) carry no personal data.
  console.error(`(${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})`);
  process.exit(1);
});
