/** What the HTTP routes need from the rest of the hub. */
import type { HoldPolicy } from '../booking/hold-seats.ts';
import type { LockoutPolicy } from '../booking/resident-verification.ts';
import type { Clock } from '../clock.ts';
import type { HubSql } from '../store/hub-sql.ts';
import type { ChangeFeed } from '../sync/change-feed.ts';
import type { EventStreams } from './event-streams.ts';

export interface HubDeps {
  sql: HubSql;
  clock: Clock;
  lockout: LockoutPolicy;
  holdPolicy: HoldPolicy;
  /** New change-log sequence numbers, for the desktops' SSE pokes. */
  feed: ChangeFeed;
  /** The open SSE streams (ended when the hub closes). */
  streams: EventStreams;
}
