/**
 * Command-line options shared by `npm start`, browser mode and the Electron main process:
 * --data-dir DIR, --empty, --seed N, --port N, --web, --no-simulate, --no-demo-hub, --keep-bookings-days N, --help. Unknown arguments are refused (a
 * mistyped --empty must not fill a store meant for real data with the demo city), except in the
 * Electron main process, where Electron and Chromium put their own switches on the same line.
 */
import { parseArgs } from 'node:util';
import { maxBookingRetentionDays, minBookingRetentionDays } from '../../domain/booking-retention.ts';

export interface DeskLaunchOptions {
  /** Folder of the database; the per-user default when absent. */
  dataDir?: string;
  /** Leave an empty database empty instead of loading the demo city into it. */
  empty: boolean;
  /** Seed of the demo city generator (same seed, same city). */
  seed?: number;
  /** Browser mode port; 0 or absent picks a free one. */
  port?: number;
  /** Force browser mode even where Electron is installed. */
  web: boolean;
  /** Print the usage and exit. */
  help: boolean;
  /** Demo hub without its simulated online bookings (set only when given). */
  noSimulate?: true;
  /** Unconfigured: the local demo city without a demo hub (set only when given). */
  noDemoHub?: true;
  /** Days back this desktop keeps bookings (domain/booking-retention.ts); remembered in the store (set only when given). */
  keepBookingsDays?: number;
}

export const deskUsage = `Usage: npm start [-- options]     (npm run web [-- options] for browser mode)
  --data-dir DIR   folder of the local database (default: the per-user data folder)
  --empty          start with an empty database instead of the demo city (remembered)
  --seed N         demo city seed (same seed, same city)
  --port N         browser mode port (default: a free one)
  --web            browser mode even where Electron is installed
  --no-simulate    demo hub without the simulated online bookings (a few a minute)
  --no-demo-hub    unconfigured: the demo city in the local database only, no demo hub
  --keep-bookings-days N
                   keep bookings of the last N days (and all later ones) on this computer; older ones
                   are removed here, kept on the hub (default 90, remembered)
  --help           this text`;

export function parseDeskArgs(
  args: readonly string[],
  { allowUnknown = false }: { allowUnknown?: boolean } = {},
): DeskLaunchOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: !allowUnknown,
    allowPositionals: allowUnknown,
    options: {
      'data-dir': { type: 'string' },
      empty: { type: 'boolean' },
      seed: { type: 'string' },
      port: { type: 'string' },
      web: { type: 'boolean' },
      help: { type: 'boolean' },
      'no-simulate': { type: 'boolean' },
      'no-demo-hub': { type: 'boolean' },
      'keep-bookings-days': { type: 'string' },
    },
  });
  const options: DeskLaunchOptions = {
    empty: values.empty === true,
    web: values.web === true,
    help: values.help === true,
  };
  if (values['no-simulate'] === true) options.noSimulate = true;
  if (values['no-demo-hub'] === true) options.noDemoHub = true;
  const dataDir = stringOption(values['data-dir'], '--data-dir');
  if (dataDir !== undefined) options.dataDir = dataDir;
  const seed = integerOption(values.seed, '--seed', 0, 2 ** 31 - 1);
  if (seed !== undefined) options.seed = seed;
  const port = integerOption(values.port, '--port', 0, 65_535);
  if (port !== undefined) options.port = port;
  const keepBookingsDays = integerOption(
    values['keep-bookings-days'],
    '--keep-bookings-days',
    minBookingRetentionDays,
    maxBookingRetentionDays,
  );
  if (keepBookingsDays !== undefined) options.keepBookingsDays = keepBookingsDays;
  return options;
}

/** Turns the options back into arguments, to hand them on to a child process. */
export function toDeskArgs(options: Partial<DeskLaunchOptions>): string[] {
  const args: string[] = [];
  if (options.dataDir !== undefined) args.push(`--data-dir=${options.dataDir}`);
  if (options.empty) args.push('--empty');
  if (options.seed !== undefined) args.push(`--seed=${options.seed}`);
  if (options.port !== undefined) args.push(`--port=${options.port}`);
  if (options.noSimulate) args.push('--no-simulate');
  if (options.noDemoHub) args.push('--no-demo-hub');
  if (options.keepBookingsDays !== undefined) args.push(`--keep-bookings-days=${options.keepBookingsDays}`);
  return args;
}

function stringOption(value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`${name} needs a value`);
  return value;
}

function integerOption(value: string | boolean | undefined, name: string, min: number, max: number) {
  const text = stringOption(value, name);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  }
  return number;
}
