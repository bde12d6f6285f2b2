import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { isoDateSchema } from '../../domain/api/contract.ts';
import { ApiError } from '../../domain/api/errors.ts';
import { type ApiHandlers, type CallContext, createDispatcherFor } from '../../electron/node/dispatch.ts';

// A small contract in the shape of domain/api/contract.ts, with one manager-only method.
const testContract = {
  echoDate: { input: z.object({ date: isoDateSchema }).strict(), roles: ['operator', 'manager'] as const },
  managerOnly: { input: z.object({}).strict(), roles: ['manager'] as const },
  nested: {
    input: z.object({ filters: z.object({ venueId: z.string().min(1) }) }).strict(),
    roles: ['operator', 'manager'] as const,
  },
  crashes: { input: z.object({ name: z.string() }), roles: ['operator', 'manager'] as const },
  refuses: { input: z.object({}), roles: ['operator', 'manager'] as const },
};

const operator: CallContext = { session: { staffId: 's1', displayName: 'Op', role: 'operator' } };
const manager: CallContext = { session: { staffId: 's2', displayName: 'Mgr', role: 'manager' } };

function setup(enforceRoles = true) {
  const report = vi.fn<(line: string) => void>();
  const handlers = {
    echoDate: vi.fn(async (input: { date: string }) => ({ got: input.date })),
    managerOnly: vi.fn(() => 'secret'),
    nested: vi.fn((input: { filters: { venueId: string } }) => input.filters.venueId),
    crashes: vi.fn((input: { name: string }) => {
      throw new TypeError(`boom for resident ${input.name}`);
    }),
    refuses: vi.fn(() => {
      throw new ApiError('CONFLICT', 'slot is full');
    }),
  };
  const dispatch = createDispatcherFor(testContract, handlers, { enforceRoles, reportInternalError: report });
  return { dispatch, handlers, report };
}

describe('dispatcher', () => {
  it('returns the handler value for a valid call', async () => {
    const { dispatch, handlers } = setup();
    expect(await dispatch('echoDate', { date: '2025-06-02' }, operator)).toEqual({
      ok: true,
      value: { got: '2025-06-02' },
    });
    expect(handlers.echoDate).toHaveBeenCalledWith({ date: '2025-06-02' }, operator);
  });

  it.each([['noSuchMethod'], ['toString'], ['__proto__'], [42], [null], [undefined]])(
    'answers UNKNOWN_METHOD for %s',
    async (method) => {
      const { dispatch } = setup();
      const result = await dispatch(method, {}, manager);
      expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'unknown API method' } });
    },
  );

  it('answers VALIDATION with the failing path and does not call the handler', async () => {
    const { dispatch, handlers } = setup();
    const result = await dispatch('echoDate', { date: '2025-02-30' }, operator);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.issues).toEqual([{ path: 'date', message: 'not a real calendar date' }]);
    expect(handlers.echoDate).not.toHaveBeenCalled();
  });

  it('gives dotted paths for nested fields and reports unknown keys', async () => {
    const { dispatch } = setup();
    const nested = await dispatch('nested', { filters: { venueId: '' } }, operator);
    expect(!nested.ok && nested.error.issues?.map((i) => i.path)).toEqual(['filters.venueId']);

    const extra = await dispatch('echoDate', { date: '2025-06-02', extra: 1 }, operator);
    expect(!extra.ok && extra.error.code).toBe('VALIDATION');
    expect(!extra.ok && extra.error.issues?.length).toBe(1);
  });

  it('treats a missing input as invalid, not as a crash', async () => {
    const { dispatch } = setup();
    const result = await dispatch('echoDate', undefined, operator);
    expect(!result.ok && result.error.code).toBe('VALIDATION');
  });

  it('answers FORBIDDEN when the role may not call the method', async () => {
    const { dispatch, handlers } = setup();
    const result = await dispatch('managerOnly', {}, operator);
    expect(!result.ok && result.error.code).toBe('FORBIDDEN');
    expect(handlers.managerOnly).not.toHaveBeenCalled();
    expect(await dispatch('managerOnly', {}, manager)).toEqual({ ok: true, value: 'secret' });
  });

  it('lets every role through when enforcement is off', async () => {
    const { dispatch } = setup(false);
    expect(await dispatch('managerOnly', {}, operator)).toEqual({ ok: true, value: 'secret' });
  });

  it('passes an ApiError from the handler through unchanged', async () => {
    const { dispatch } = setup();
    expect(await dispatch('refuses', {}, operator)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'slot is full' },
    });
  });

  it('turns any other crash into INTERNAL without leaking the message or the input', async () => {
    const { dispatch, report } = setup();
    const result = await dispatch('crashes', { name: '山田太郎' }, operator);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(JSON.stringify(result)).not.toContain('山田');
    expect(report).toHaveBeenCalledTimes(1);
    const line = report.mock.calls[0]![0];
    expect(line).toContain('crashes');
    expect(line).toContain('TypeError');
    expect(line).not.toContain('山田');
    expect(line).not.toContain('boom');
  });

  it('never throws, even when the handler throws a non-error', async () => {
    const dispatch = createDispatcherFor(
      { odd: { input: z.object({}), roles: ['manager'] as const } },
      {
        odd: () => {
          throw 'a string';
        },
      },
      { enforceRoles: true, reportInternalError: () => {} },
    );
    await expect(dispatch('odd', {}, manager)).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error' },
    });
  });
});

describe('dispatcher over the real contract', () => {
  it('validates getDayOverview input before the handler runs', async () => {
    const { createDispatcher } = await import('../../electron/node/dispatch.ts');
    const getDayOverview = vi.fn();
    // Only the method under test is needed; the other groups' handlers are never reached.
    const handlers = { getAppInfo: vi.fn(), getDayOverview } as unknown as ApiHandlers;
    const dispatch = createDispatcher(handlers, { enforceRoles: true, reportInternalError: () => {} });
    const result = await dispatch('getDayOverview', { date: '2025/06/02' }, operator);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.issues).toContainEqual({ path: 'date', message: 'expected YYYY-MM-DD' });
    expect(result.error.issues?.every((issue) => issue.path === 'date')).toBe(true);
    expect(getDayOverview).not.toHaveBeenCalled();
  });
});
