/**
 * A loopback TCP proxy between a desk and its hub, for the network faults: `pass` forwards both ways,
 * `cut` resets every connection and refuses new ones (cable pulled), `stall` stops moving bytes in
 * either direction (a link that hangs) until the mode goes back to `pass`, when the held bytes flow
 * on. `swallowRepliesTo(marker)` forwards requests whose bytes contain the marker but never their
 * answer (the hub commits, the desk hears nothing).
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'cut' | 'stall';

export interface TcpProxy {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  readonly mode: ProxyMode;
  set(mode: ProxyMode): void;
  swallowRepliesTo(marker: string | null): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  swallowing: boolean;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';
  let marker: string | null = null;
  const end = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  };
  const server = createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    const pair: Pair = { client, upstream: connect(targetPort, '127.0.0.1'), swallowing: false };
    pairs.add(pair);
    client.on('data', (bytes) => {
      if (marker !== null && bytes.includes(marker)) pair.swallowing = true;
      pair.upstream.write(bytes);
    });
    pair.upstream.on('data', (bytes) => {
      if (!pair.swallowing) client.write(bytes);
    });
    for (const socket of [client, pair.upstream]) {
      socket.on('error', () => end(pair));
      socket.on('close', () => end(pair));
      if (mode === 'stall') socket.pause();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get mode() {
      return mode;
    },
    set(next) {
      mode = next;
      for (const pair of pairs) {
        if (next === 'cut') end(pair);
        for (const socket of [pair.client, pair.upstream]) {
          if (next === 'stall') socket.pause();
          else socket.resume();
        }
      }
    },
    swallowRepliesTo(next) {
      marker = next;
    },
    async close() {
      for (const pair of pairs) end(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
