import type { Flow } from "./flow";
import { FlowColumns } from "./flow-columns";

/**
 * The last `capacity` flows pushed, in a fixed-size ring kept column-wise (FlowColumns): memory
 * does not grow with traffic, and a flow pushed is not kept alive by the ring.
 */
export class RecentFlows {
  private readonly columns: FlowColumns;
  private next = 0;
  private stored = 0;

  constructor(readonly capacity: number) {
    this.columns = new FlowColumns(capacity);
  }

  push(flow: Flow): void {
    const at = this.next;
    this.columns.write(at, flow);
    this.next = (at + 1) % this.capacity;
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
    return this.columns.read(this.start());
  }

  /** Flows with time >= `from`, oldest first. */
  since(from: number): Flow[] {
    const result: Flow[] = [];
    const start = this.start();
    for (let i = 0; i < this.stored; i += 1) {
      const at = (start + i) % this.capacity;
      if (this.columns.time(at) >= from) result.push(this.columns.read(at));
    }
    return result;
  }

  private start(): number {
    return (this.next - this.stored + this.capacity) % this.capacity;
  }
}
