import "server-only";
import type { Clock } from "../clock";

interface Timer {
  at: number;
  order: number;
  callback: () => void;
}

/** A clock that only moves when the test says so: retries happen exactly when a test runs them. */
export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private order = 0;
  private scheduleWaiters: (() => void)[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, order: this.order++, callback };
    this.timers.push(timer);
    for (const resolve of this.scheduleWaiters.splice(0)) resolve();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Resolves when the next timer is scheduled. */
  nextSchedule(): Promise<void> {
    return new Promise((resolve) => this.scheduleWaiters.push(resolve));
  }

  /** How long until each waiting timer fires, soonest first. */
  pending(): number[] {
    return this.sorted().map((timer) => timer.at - this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }

  /** Moves time to the soonest timer and runs it; false when none is waiting. */
  runNext(): boolean {
    const next = this.sorted()[0];
    if (!next) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.time = Math.max(this.time, next.at);
    next.callback();
    return true;
  }

  private sorted(): Timer[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.order - b.order);
  }
}
