/**
 * CPU time used by processes, from /proc (Linux): where the cores of a booking went (the hub, the
 * load generator, PostgreSQL's backends). Elsewhere (or for a PostgreSQL on another machine) null.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ticksPerSecond = (() => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(answer.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** User + system CPU seconds of a process so far, or null when /proc does not show it. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    // Fields after the command name: state is field 3, utime 14 and stime 15 of the whole line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** Keeps the highest CPU seconds seen per process (a process that has ended keeps its last reading). */
export class CpuSampler {
  readonly #seen = new Map<number, number>();

  sample(pids: readonly number[]): void {
    for (const pid of pids) {
      const seconds = cpuSecondsOf(pid);
      if (seconds !== null) this.#seen.set(pid, Math.max(this.#seen.get(pid) ?? 0, seconds));
    }
  }

  /** CPU seconds of these processes since `before` (a sample taken earlier), or null when none was seen. */
  since(before: ReadonlyMap<number, number>): number | null {
    if (this.#seen.size === 0) return null;
    let total = 0;
    for (const [pid, seconds] of this.#seen) total += seconds - (before.get(pid) ?? 0);
    return total;
  }

  snapshot(): Map<number, number> {
    return new Map(this.#seen);
  }
}
