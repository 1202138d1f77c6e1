// Dry runs: the same managers and request builders, with each backend swapped for its
// recording twin and the database transaction rolled back at the end.
import type { Backends, MonitoringBackend, OutboundRequest } from './types.js';

/** Collects the requests a dry-run change would have sent. */
export class DryRunLog {
  private readonly sources: Array<() => OutboundRequest[]> = [];

  attach(source: () => OutboundRequest[]): void {
    this.sources.push(source);
  }

  requests(): OutboundRequest[] {
    return this.sources.flatMap((s) => s());
  }
}

export interface ChangeOptions {
  /** When set, nothing is sent or stored; the requests are collected here. */
  dryRun?: DryRunLog | undefined;
}

export function backendFor(backends: Backends, kind: 'SAGEMAKER' | 'BUILTIN', options: ChangeOptions): MonitoringBackend {
  if (!options.dryRun) return backends[kind];
  const twin = backends[kind].dryRun();
  options.dryRun.attach(twin.requests);
  return twin.backend;
}
