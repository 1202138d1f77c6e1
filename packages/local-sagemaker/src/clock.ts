/** Clocks for the local server. Tests use ManualClock; standalone use can pick RealClock. */
export interface Clock {
  now(): Date;
}

/** A clock that only moves when told to. Starts at `start` (default 2024-01-01T00:00:00Z). */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | string = '2024-01-01T00:00:00Z') {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  /** Moves forward; negative values are rejected so time never runs backwards. */
  advance(ms: number): Date {
    if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a non-negative number, got ${ms}`);
    this.ms += ms;
    return this.now();
  }
  set(date: Date | string): Date {
    const next = new Date(date).getTime();
    if (Number.isNaN(next)) throw new RangeError(`invalid date ${String(date)}`);
    if (next < this.ms) throw new RangeError('ManualClock.set cannot move time backwards');
    this.ms = next;
    return this.now();
  }
}

export class RealClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export const HOUR_MS = 3_600_000;
