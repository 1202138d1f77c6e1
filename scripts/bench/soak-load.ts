// The load of `npm run bench:soak`: `connections` loops over one undici pool, each sending its
// next request as soon as the last was answered, for a fixed time. Each request is, at random
// (seeded, so every phase sends the same sequence): a repeated document (40%), one of the 15,000
// distinct ones (40%), a trusted document by hash (15%), or a mutation pair (5%: muteAlerts,
// then unmuteAlerts of the mute it made). An error is a status other than 200 or a body with
// `errors`. Latencies go into a histogram of 0.1 ms steps up to 10 s.
import { Pool } from 'undici';
import { distinctDocument, DISTINCT_DOCUMENTS, MUTE, UNMUTE, type Operation } from './soak-documents.js';

export interface LoadPlan {
  url: string;
  key: string;
  connections: number;
  seconds: number;
  repeated: Operation[];
  /** Trusted documents by hash, with their variables. */
  trusted: Array<{ hash: string; variables?: Record<string, unknown> }>;
  monitorIds: string[];
  seed: number;
  /** False once the gateway died: the loops stop. */
  alive: () => boolean;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Answers without error per second of the planned time (a gateway that died early answers fewer). */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The first few failures, for the report. */
  failures: string[];
}

class Histogram {
  readonly #counts = new Uint32Array(100_000);
  #total = 0;

  add(ms: number): void {
    this.#counts[Math.min(this.#counts.length - 1, Math.floor(ms * 10))]!++;
    this.#total++;
  }

  percentile(p: number): number {
    const rank = Math.ceil((p / 100) * this.#total);
    let seen = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) return (i + 1) / 10;
    }
    return NaN;
  }
}

/** mulberry32: a small seeded generator, so each phase sends the same requests. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const target = new URL(plan.url);
  const pool = new Pool(target.origin, { connections: plan.connections, pipelining: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${plan.key}` };
  const histogram = new Histogram();
  const failures: string[] = [];
  let requests = 0;
  let errors = 0;

  async function send(body: unknown): Promise<string | null> {
    const started = performance.now();
    try {
      const res = await pool.request({ path: target.pathname, method: 'POST', headers, body: JSON.stringify(body) });
      const text = await res.body.text();
      histogram.add(performance.now() - started);
      requests++;
      if (res.statusCode === 200 && !text.includes('"errors"')) return text;
      errors++;
      if (failures.length < 5) failures.push(`${res.statusCode} ${text.slice(0, 300)}`);
    } catch (error) {
      requests++;
      errors++;
      if (failures.length < 5) failures.push(String(error));
    }
    return null;
  }

  const deadline = Date.now() + plan.seconds * 1000;
  const loop = async (n: number) => {
    const next = random(plan.seed * 1000 + n);
    for (let i = 0; Date.now() < deadline && plan.alive(); i++) {
      const draw = next();
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      if (draw < 0.4) await send(pick(plan.repeated));
      else if (draw < 0.8) await send({ query: distinctDocument(Math.floor(next() * DISTINCT_DOCUMENTS)) });
      else if (draw < 0.95) {
        const doc = pick(plan.trusted);
        await send({ extensions: { persistedQuery: { version: 1, sha256Hash: doc.hash } }, variables: doc.variables ?? {} });
      } else {
        const until = new Date(Date.now() + 3_600_000).toISOString();
        const muted = await send({ query: MUTE, variables: { input: { monitorId: pick(plan.monitorIds), featureName: `soak-${n}-${i}`, until } } });
        const id = muted ? (JSON.parse(muted) as { data: { muteAlerts: { id: string } } }).data.muteAlerts.id : null;
        if (id) await send({ query: UNMUTE, variables: { id } });
      }
    }
  };
  await Promise.all(Array.from({ length: plan.connections }, (_, n) => loop(n)));
  await pool.destroy();
  return { requests, errors, rps: (requests - errors) / plan.seconds, p50Ms: histogram.percentile(50), p99Ms: histogram.percentile(99), failures };
}
