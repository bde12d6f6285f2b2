/**
 * What the test suites need from the machine besides node_modules, checked before any suite runs so
 * that a bare machine is told at once what is missing and how to install it (rather than failing
 * deep inside a suite with `spawnSync soffice ENOENT`). `.ci/run` installs the same list.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

export interface Prerequisite {
  what: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  /** The suites that cannot run without it. */
  suites: readonly string[];
  present(): boolean | Promise<boolean>;
}

const onPath = (command: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pgUrl = new URL(process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export const prerequisites: readonly Prerequisite[] = [
  {
    what: `Chromium at ${chromiumPath} (or set CHROMIUM_PATH)`,
    debianPackage: 'chromium',
    suites: ['e2e'],
    present: () => existsSync(chromiumPath),
  },
  {
    what: 'CJK fonts (Noto Sans CJK), so Japanese text renders in the screenshots and the PDFs',
    debianPackage: 'fonts-noto-cjk',
    suites: ['e2e', 'integration'],
    present: () => /Noto Sans CJK/i.test(spawnSync('fc-list', { encoding: 'utf8' }).stdout ?? ''),
  },
  {
    what: 'LibreOffice (soffice), which reads the exported .xlsx files back',
    debianPackage: 'libreoffice-calc',
    suites: ['integration', 'e2e'],
    present: () => onPath('soffice'),
  },
  {
    what: 'poppler (pdftoppm), which renders the printed lists to PNG',
    debianPackage: 'poppler-utils',
    suites: ['integration', 'e2e'],
    present: () => onPath('pdftoppm'),
  },
  {
    what: `PostgreSQL answering at ${pgUrl.hostname}:${pgUrl.port || 5432} with trust auth (or set HUB_TEST_PG_URL, or HUB_TEST_SKIP_PG=1 to run only the embedded half)`,
    debianPackage: 'postgresql',
    suites: ['integration'],
    present: () =>
      process.env.HUB_TEST_SKIP_PG === '1' || portAnswers(pgUrl.hostname, Number(pgUrl.port || 5432)),
  },
];

/** The prerequisites that the given suites need and this machine lacks. */
export async function missingPrerequisites(suites: readonly string[]): Promise<Prerequisite[]> {
  const missing: Prerequisite[] = [];
  for (const p of prerequisites) {
    if (p.suites.some((s) => suites.includes(s)) && !(await p.present())) missing.push(p);
  }
  return missing;
}

/** The lines that tell what is missing and the one command that installs it. */
export function describeMissing(missing: readonly Prerequisite[]): string[] {
  const packages = [...new Set(missing.map((p) => p.debianPackage))];
  return [
    'The test suites need these, and this machine does not have them:',
    ...missing.map((p) => `  - ${p.what} [${p.suites.join(', ')}]`),
    `Install them (Debian): apt-get install -y --no-install-recommends ${packages.join(' ')}`,
    ...(packages.includes('postgresql')
      ? ['then start PostgreSQL with trust auth on 127.0.0.1 (`.ci/run` shows how).']
      : []),
  ];
}
