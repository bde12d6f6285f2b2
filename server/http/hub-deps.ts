/** What the HTTP routes need from the rest of the hub. */
import type { LockoutPolicy } from '../booking/resident-verification.ts';
import type { Clock } from '../clock.ts';
import type { HubSql } from '../store/hub-sql.ts';

export interface HubDeps {
  sql: HubSql;
  clock: Clock;
  lockout: LockoutPolicy;
}
