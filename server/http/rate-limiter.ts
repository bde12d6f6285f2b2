/**
 * A small in-process fixed-window limiter (per client address, per ticket number). It only sees
 * the requests of this process: a deployment with several hub processes behind a load balancer
 * needs a shared limiter (at the proxy, or a table/Redis counter) for the same guarantee.
 */

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Every public API request, keyed by client address. */
  perAddress: RateLimit;
  /** Requests naming a ticket number (booking, lookup, cancel), keyed by the ticket number. */
  perTicket: RateLimit;
}

export const defaultRateLimits: RateLimits = {
  perAddress: { limit: 300, windowSeconds: 60 },
  perTicket: { limit: 20, windowSeconds: 60 },
};

interface Window {
  startedAt: number;
  count: number;
}

export class FixedWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  #windows = new Map<string, Window>();

  constructor(rule: RateLimit, maxKeys = 100_000) {
    this.#limit = rule.limit;
    this.#windowMs = rule.windowSeconds * 1000;
    this.#maxKeys = maxKeys;
  }

  /** Counts a request; returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string, nowMs: number): number {
    let window = this.#windows.get(key);
    if (!window || nowMs - window.startedAt >= this.#windowMs) {
      if (!window && this.#windows.size >= this.#maxKeys) this.#forgetExpired(nowMs);
      window = { startedAt: nowMs, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.#limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.#windowMs - nowMs) / 1000));
  }

  /** Without counting: the seconds to wait when `key` has used up its window, else 0. */
  blockedFor(key: string, nowMs: number): number {
    const window = this.#windows.get(key);
    if (!window || nowMs - window.startedAt >= this.#windowMs || window.count < this.#limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.#windowMs - nowMs) / 1000));
  }

  #forgetExpired(nowMs: number): void {
    for (const [key, window] of this.#windows) {
      if (nowMs - window.startedAt >= this.#windowMs) this.#windows.delete(key);
    }
    // Still full of live windows (a flood of distinct keys): start over rather than grow without bound.
    if (this.#windows.size >= this.#maxKeys) this.#windows.clear();
  }
}
