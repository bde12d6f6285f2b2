import { describe, expect, it } from 'vitest';
import { ChangeAnnouncer } from '../../server/store/change-announcer.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';

/** A database handle that records each NOTIFY and answers it when the test says so. */
function recordingSql() {
  const sent: string[] = [];
  const answers: Array<() => void> = [];
  const sql = {
    notify: async (channel: string, payload: string) => {
      sent.push(`${channel} ${payload}`);
      await new Promise<void>((resolve) => answers.push(resolve));
    },
  } as unknown as HubSql;
  return { sql, sent, answerNext: () => answers.shift()?.() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('change announcer', () => {
  it('tells local listeners each commit at once and merges a burst into one NOTIFY with the newest seq', async () => {
    const { sql, sent, answerNext } = recordingSql();
    const announcer = new ChangeAnnouncer(sql, 0);
    const heard: number[] = [];
    announcer.subscribe({ onSeq: (seq) => heard.push(seq) });

    announcer.announce(1);
    await settle();
    expect(sent).toEqual(['hub_change_log 1']);
    // While that NOTIFY is on its way, three more commits: one NOTIFY follows, with the newest.
    announcer.announce(2);
    announcer.announce(4);
    announcer.announce(3);
    expect(heard).toEqual([1, 2, 4, 3]);
    await settle();
    expect(sent).toHaveLength(1);
    answerNext();
    await settle();
    expect(sent).toEqual(['hub_change_log 1', 'hub_change_log 4']);
    answerNext();
    await settle();
    expect(sent).toHaveLength(2);
  });

  it('tells its listeners when a NOTIFY fails, and sends the next one all the same', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const sql = {
      notify: async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection lost');
      },
    } as unknown as HubSql;
    const announcer = new ChangeAnnouncer(sql, 0);
    announcer.subscribe({ onSeq: () => {}, onError: (error) => errors.push(error) });
    announcer.announce(7);
    await settle();
    expect(errors).toHaveLength(1);
    announcer.announce(8);
    await settle();
    expect(calls).toBe(2);
  });
});
