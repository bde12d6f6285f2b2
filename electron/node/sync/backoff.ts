/**
 * Exponential back-off with jitter: 1 s, 2 s, 4 s … up to a ceiling, each delay spread by ±20 % so
 * that many desktops coming back after a hub restart do not all knock at the same moment.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0..1: how far each delay may be spread either way. */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.#baseMs = options.baseMs ?? 1000;
    this.#maxMs = options.maxMs ?? 60_000;
    this.#jitter = options.jitter ?? 0.2;
    this.#random = options.random ?? Math.random;
  }

  /** The wait after one more failure. */
  next(): number {
    const plain = Math.min(this.#maxMs, this.#baseMs * 2 ** this.#failures);
    this.#failures += 1;
    const spread = plain * this.#jitter * (this.#random() * 2 - 1);
    return Math.max(0, Math.round(Math.min(this.#maxMs, plain + spread)));
  }

  reset(): void {
    this.#failures = 0;
  }

  get failures(): number {
    return this.#failures;
  }
}
