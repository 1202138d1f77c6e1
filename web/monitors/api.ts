// The public GraphQL API, as the pages use it: queries over HTTP POST and subscriptions over
// graphql-ws on the same path, both with the caller's API key ("Bearer mmg_…").
import { createClient, type Client } from 'graphql-ws';

export interface ApiErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A request the API refused as a whole (no data): its first error's code and message. */
export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface Result<T> {
  data: T;
  /** Errors of parts of the answer (a field null with an error at its path); the rest is there. */
  errors: ApiErrorItem[];
}

export class Api {
  private ws: Client | undefined;

  constructor(private readonly endpoint: string, private readonly key: string) {}

  /** The data of one operation; throws ApiError when the answer has no data. */
  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<Result<T>> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new ApiError('NETWORK', `The gateway did not answer (${String(error)})`);
    }
    const text = await response.text();
    let body: { data?: T | null; errors?: ApiErrorItem[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new ApiError(`HTTP_${response.status}`, `HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const errors = body.errors ?? [];
    if (body.data === null || body.data === undefined) {
      const first = errors[0];
      throw new ApiError(first?.extensions?.code ?? `HTTP_${response.status}`, first?.message ?? `HTTP ${response.status} without data`);
    }
    return { data: body.data, errors };
  }

  /** Each event of a subscription, until the returned function is called. */
  subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void, failed: (message: string) => void): () => void {
    this.ws ??= createClient({
      url: new URL(this.endpoint, window.location.href).href.replace(/^http/, 'ws'),
      connectionParams: { authorization: `Bearer ${this.key}` },
      lazy: true,
      retryAttempts: 5,
    });
    return this.ws.subscribe<T>({ query, variables }, {
      next: (value) => {
        if (value.data !== null && value.data !== undefined) next(value.data);
      },
      error: (error) => failed(Array.isArray(error) ? String((error as ApiErrorItem[])[0]?.message) : error instanceof Error ? error.message : 'the live connection closed'),
      complete: () => undefined,
    });
  }

  close(): void {
    void this.ws?.dispose();
  }
}
