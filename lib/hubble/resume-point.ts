// Where a broken flow stream picks up again. The relay's `since` is inclusive, so asking again
// from the newest flow's millisecond replays the flows of that millisecond that were already
// delivered; their ids are remembered (up to a bound) so the replay can be dropped.

export interface ResumableFlow {
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
}

export class ResumePoint {
  private latest: number | null = null;
  private readonly idsAtLatest = new Set<string>();

  constructor(private readonly maxIds = 1024) {}

  /** The time to ask for flows from after a break; null before the first flow. */
  get since(): number | null {
    return this.latest;
  }

  /** Records a delivered flow; false when it was delivered before (a replay after resuming). */
  accept(flow: ResumableFlow): boolean {
    if (this.latest === null || flow.time > this.latest) {
      this.latest = flow.time;
      this.idsAtLatest.clear();
      this.idsAtLatest.add(flow.id);
      return true;
    }
    if (flow.time < this.latest) return true;
    if (this.idsAtLatest.has(flow.id)) return false;
    if (this.idsAtLatest.size < this.maxIds) this.idsAtLatest.add(flow.id);
    return true;
  }
}
