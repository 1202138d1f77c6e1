// graphql-ws clients for tests: connect with an API key, collect a subscription's results.
import WebSocket from 'ws';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';

/** Clients made through `connect` are closed together by `disposeAll` (call it in afterAll). */
export function wsClients() {
  const clients: Client[] = [];
  return {
    connect(httpUrl: string, key: string, options: Partial<ClientOptions> = {}): Client {
      const c = createClient({
        url: httpUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: false,
        ...options,
      });
      clients.push(c);
      return c;
    },
    disposeAll: () => Promise.all(clients.map(async (c) => c.dispose())),
  };
}

/** Collects a subscription's results until `count` arrived or `ms` passed. */
export function collect(c: Client, query: string, variables: Record<string, unknown> = {}) {
  const got: any[] = [];
  const errors: unknown[] = [];
  let ready!: () => void;
  const acked = new Promise<void>((r) => (ready = r));
  c.on('connected', () => ready());
  const stop = c.subscribe({ query, variables }, { next: (r) => got.push(r), error: (e) => errors.push(e), complete: () => undefined });
  return {
    got,
    errors,
    acked,
    stop,
    async until(count: number, ms = 5000): Promise<any[]> {
      const end = Date.now() + ms;
      while (got.length < count && errors.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      return got;
    },
  };
}
