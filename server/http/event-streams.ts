/**
 * Server-sent event streams on hijacked replies: headers, `event:`/`data:` frames, heartbeats, and
 * one registry per app, so that closing the hub ends every open stream (otherwise the server would
 * wait for the clients to hang up).
 */
import type { FastifyReply } from 'fastify';

export interface EventStream {
  send(event: string, data: unknown): void;
  end(): void;
  readonly closed: boolean;
  /** Called once when the stream ends, by either side. */
  onClose(fn: () => void): void;
}

export class EventStreams {
  readonly #open = new Set<EventStream>();
  readonly heartbeatMs: number;

  constructor(options: { heartbeatMs: number }) {
    this.heartbeatMs = options.heartbeatMs;
  }

  get size(): number {
    return this.#open.size;
  }

  /**
   * Takes the reply over and starts the stream. `heartbeat` runs every heartbeatMs before the
   * heartbeat frame is sent; it may end the stream instead (e.g. the session has expired).
   */
  open(
    reply: FastifyReply,
    heartbeat: (stream: EventStream) => Promise<void> | void = () => {},
  ): EventStream {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Reverse proxies (nginx) must pass events on at once.
      'x-accel-buffering': 'no',
    });
    const closers: Array<() => void> = [];
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      this.#open.delete(stream);
      for (const fn of closers) fn();
    };
    const stream: EventStream = {
      send(event, data) {
        if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      end() {
        if (closed) return;
        close();
        res.end();
      },
      get closed() {
        return closed;
      },
      onClose(fn) {
        if (closed) fn();
        else closers.push(fn);
      },
    };
    res.on('close', close);
    timer = setInterval(async () => {
      try {
        await heartbeat(stream);
        stream.send('heartbeat', {});
      } catch {
        stream.end();
      }
    }, this.heartbeatMs);
    this.#open.add(stream);
    // Tell the client how soon to reconnect, and get the headers out now.
    res.write('retry: 3000\n\n');
    return stream;
  }

  endAll(): void {
    for (const stream of [...this.#open]) stream.end();
  }
}
