import type { Flow } from "./flow";

/** The last `capacity` flows pushed, in a fixed-size ring: memory does not grow with traffic. */
export class RecentFlows {
  private readonly ring: (Flow | undefined)[];
  private next = 0;
  private stored = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
    this.ring = new Array<Flow | undefined>(capacity);
  }

  push(flow: Flow): void {
    this.ring[this.next] = flow;
    this.next = (this.next + 1) % this.capacity;
    if (this.stored < this.capacity) this.stored += 1;
  }

  get size(): number {
    return this.stored;
  }

  /** Whether older flows have been pushed out (the ring no longer holds everything it was given). */
  get full(): boolean {
    return this.stored === this.capacity;
  }

  /** The oldest flow still held. */
  oldest(): Flow | undefined {
    if (this.stored === 0) return undefined;
    return this.ring[(this.next - this.stored + this.capacity) % this.capacity];
  }

  /** Flows with time >= `from`, oldest first. */
  since(from: number): Flow[] {
    const result: Flow[] = [];
    const start = (this.next - this.stored + this.capacity) % this.capacity;
    for (let i = 0; i < this.stored; i += 1) {
      const flow = this.ring[(start + i) % this.capacity]!;
      if (flow.time >= from) result.push(flow);
    }
    return result;
  }
}
