import { describe, expect, it } from 'vitest';
import { deliverLatestOnly } from '../../../renderer/src/api/latest-answer.ts';

/** A request whose answers the test releases in any order. */
function controlledRequest() {
  const pending: Array<{ arg: string; resolve: (value: string) => void; reject: (error: Error) => void }> =
    [];
  const request = (arg: string) =>
    new Promise<string>((resolve, reject) => pending.push({ arg, resolve, reject }));
  return { request, pending };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('deliverLatestOnly', () => {
  it('drops an earlier answer that arrives after a later one', async () => {
    const { request, pending } = controlledRequest();
    const shown: string[] = [];
    const refresh = deliverLatestOnly(request, (value) => shown.push(value));
    refresh('a');
    refresh('a');
    pending[1]!.resolve('fresh');
    await settle();
    pending[0]!.resolve('stale');
    await settle();
    expect(shown).toEqual(['fresh']);
  });

  it('delivers every answer that comes back in order of asking', async () => {
    const { request, pending } = controlledRequest();
    const shown: string[] = [];
    const refresh = deliverLatestOnly(request, (value) => shown.push(value));
    refresh('a');
    pending[0]!.resolve('first');
    await settle();
    refresh('a');
    pending[1]!.resolve('second');
    await settle();
    expect(shown).toEqual(['first', 'second']);
  });

  it('a failed request shows nothing and does not stop the next one', async () => {
    const { request, pending } = controlledRequest();
    const shown: string[] = [];
    const refresh = deliverLatestOnly(request, (value) => shown.push(value));
    refresh('a');
    pending[0]!.reject(new Error('hub away'));
    await settle();
    refresh('b');
    pending[1]!.resolve('after');
    await settle();
    expect(shown).toEqual(['after']);
    expect(pending.map((p) => p.arg)).toEqual(['a', 'b']);
  });
});
