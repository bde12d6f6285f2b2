/** Reads a hub event stream (text/event-stream) in tests: every event in order, and waiting for one. */

export interface StreamEvent {
  event: string;
  data: unknown;
}

export interface EventStreamClient {
  status: number;
  contentType: string | null;
  events: StreamEvent[];
  /** Resolves with the first event (already received or coming) that matches, or rejects after timeoutMs. */
  next(match: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let endResolve: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    endResolve = resolve;
  });
  const pump = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
          const lines = frame.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event === undefined) continue;
          events.push({ event, data: data === undefined ? undefined : JSON.parse(data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted by close()
    }
    endResolve();
    for (const wake of waiters) wake();
  };
  if (response.ok) void pump();
  else endResolve();
  let streamEnded = false;
  void ended.then(() => {
    streamEnded = true;
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended,
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            cleanup();
            resolve(found);
          } else if (streamEnded) {
            cleanup();
            reject(new Error(`stream ended without the event; got ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
