import { describe, expect, it } from 'vitest';
import { parseDeskArgs, toDeskArgs } from '../../electron/node/desk-options.ts';

describe('parseDeskArgs', () => {
  it('reads every documented option', () => {
    expect(parseDeskArgs(['--data-dir', '/x', '--empty', '--seed=7', '--port', '5173', '--web'])).toEqual({
      dataDir: '/x',
      empty: true,
      seed: 7,
      port: 5173,
      web: true,
      help: false,
    });
    expect(parseDeskArgs(['--help']).help).toBe(true);
  });

  it('refuses a mistyped option, so --emtpy cannot silently load the demo city', () => {
    expect(() => parseDeskArgs(['--emtpy'])).toThrow(/emtpy/);
    expect(() => parseDeskArgs(['stray'])).toThrow();
  });

  it("lets Electron's own switches through in the Electron main process", () => {
    const options = parseDeskArgs(['.', '--no-sandbox', '--empty'], { allowUnknown: true });
    expect(options.empty).toBe(true);
  });

  it('refuses bad values with the option named', () => {
    expect(() => parseDeskArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseDeskArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseDeskArgs(['--seed', '-1'])).toThrow();
    expect(() => parseDeskArgs(['--keep-bookings-days', '0'])).toThrow(/--keep-bookings-days/);
    expect(() => parseDeskArgs(['--keep-bookings-days', '30.5'])).toThrow(/--keep-bookings-days/);
  });

  it('round-trips through toDeskArgs', () => {
    const options = parseDeskArgs([
      '--data-dir=/d',
      '--empty',
      '--seed=3',
      '--port=9',
      '--keep-bookings-days=30',
    ]);
    expect(options.keepBookingsDays).toBe(30);
    expect(parseDeskArgs(toDeskArgs(options))).toEqual(options);
  });
});
