/**
 * A loopback TCP proxy a test owns, in front of a real server (PostgreSQL, s3rver), to make
 * outages on demand: `cut(ms)` destroys every connection and refuses new ones for `ms`
 * (a restart as clients see it), `blackhole()` accepts connections and never answers (a hung
 * server or a dropped route), `freeze()` does that and also keeps the open connections open but
 * silent, `forward()` goes back to normal.
 */
import * as net from 'node:net';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Destroys every connection and refuses new ones for `ms`, then listens again on the same port. */
  cut(ms: number): Promise<void>;
  /** From now on connections are accepted and never answered; the open ones are cut. */
  blackhole(): void;
  /** As {@link blackhole}, but the open connections stay open, and nothing more passes either way. */
  freeze(): void;
  /** Forward again. */
  forward(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  let mode: 'forward' | 'blackhole' = 'forward';
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const onConnection = (client: net.Socket): void => {
    track(client);
    if (mode === 'blackhole') return; // accepted, never answered
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  };
  const listen = (port: number): Promise<net.Server> =>
    new Promise((resolve, reject) => {
      const server = net.createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  const destroyAll = (): void => {
    for (const s of sockets) s.destroy();
  };
  let server = await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const closeServer = (s: net.Server): Promise<void> => new Promise((resolve) => s.close(() => resolve()));
  return {
    port,
    async cut(ms) {
      const closing = closeServer(server);
      destroyAll();
      await closing;
      await new Promise((r) => setTimeout(r, ms));
      server = await listen(port);
    },
    blackhole() {
      mode = 'blackhole';
      destroyAll();
    },
    freeze() {
      mode = 'blackhole';
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    forward() {
      mode = 'forward';
      destroyAll();
    },
    async close() {
      const closing = closeServer(server);
      destroyAll();
      await closing;
    },
  };
}
