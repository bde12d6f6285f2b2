/**
 * A small seeded pseudo-random source (mulberry32) so the demo city is the same for the same seed.
 * Not for anything secret. Each part of the generator derives its own stream from the seed and a
 * label, so changing how many coupons are drawn does not reshuffle the venues or the slots.
 */
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (word: number) => `${hex[word >>> 24]}${hex[(word >>> 16) & 255]}`;
const hex4low = (word: number) => `${hex[(word >>> 8) & 255]}${hex[word & 255]}`;

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream for one purpose: the same (seed, label) always gives the same stream. */
  static derive(seed: number, label: string): SeededRandom {
    let hash = 0x811c9dc5; // FNV-1a over the label
    for (let i = 0; i < label.length; i++) {
      hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    }
    return new SeededRandom(Math.imul(seed >>> 0, 0x9e3779b1) ^ hash);
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** `count` decimal digits, leading zeros kept. */
  digits(count: number): string {
    let out = '';
    for (let left = count; left > 0; left -= 4) {
      const width = Math.min(4, left);
      out += String(this.int(0, 10 ** width - 1)).padStart(width, '0');
    }
    return out;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }

  /** An RFC 4122 version-4 shaped UUID drawn from this stream. */
  uuid(): string {
    const a = this.uint32();
    const b = ((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0; // version 4
    const c = ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    const d = this.uint32();
    return `${hex4(a)}${hex4low(a)}-${hex4(b)}-${hex4low(b)}-${hex4(c)}-${hex4low(c)}${hex4(d)}${hex4low(d)}`;
  }
}

/** Items drawn with fixed relative weights, in O(log n) per draw. */
export class WeightedChoice<T> {
  private readonly items: readonly T[];
  private readonly cumulative: number[];

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new RangeError('no entries');
    this.items = entries.map(([item]) => item);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => {
      sum += weight;
      return sum;
    });
  }

  draw(random: SeededRandom): T {
    const total = this.cumulative[this.cumulative.length - 1] as number;
    const target = random.next() * total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low] as T;
  }
}
