import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FlowRing, type StoredFlow } from "./flow-ring";
import { GetFlowsStream, type GetFlowsResponses } from "./get-flows-stream";

type Written = { flow: number } | { lost: number };

const responses: GetFlowsResponses = {
  flow: (stored) => ({ flow: stored.seq }),
  lost: (count) => ({ lost: count }),
};

// An object-mode Writable that only completes a write when the test releases it, like a client
// that has stopped reading.
function stalledSink(highWaterMark: number) {
  const written: Written[] = [];
  const pending: (() => void)[] = [];
  let ended = false;
  const sink = new Writable({
    objectMode: true,
    highWaterMark,
    write(chunk: Written, _encoding, callback) {
      written.push(chunk);
      pending.push(() => callback());
    },
    final(callback) {
      ended = true;
      callback();
    },
  });
  const releaseAll = async () => {
    while (pending.length > 0) {
      pending.shift()?.();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  return { sink, written, releaseAll, isEnded: () => ended };
}

function storedFlows(count: number): StoredFlow[] {
  const ring = new FlowRing(count);
  for (let i = 0; i < count; i++) ring.push({ time: "2025-01-01T00:00:00Z", verdict: "DROPPED" });
  return ring.snapshot();
}

describe("GetFlowsStream", () => {
  it("writes the history, then ends when finished", async () => {
    const { sink, written, releaseAll, isEnded } = stalledSink(16);
    let ended = 0;
    const stream = new GetFlowsStream(sink, responses, 8, storedFlows(3), () => (ended += 1));
    stream.start();
    stream.finish();
    await releaseAll();
    expect(written).toEqual([{ flow: 1 }, { flow: 2 }, { flow: 3 }]);
    expect(ended).toBe(1);
    expect(isEnded()).toBe(true);
  });

  it("waits for drain instead of buffering the whole history in the transport", async () => {
    const { sink, written, releaseAll } = stalledSink(2);
    const stream = new GetFlowsStream(sink, responses, 8, storedFlows(50), () => {});
    stream.start();
    expect(sink.writableLength).toBeLessThanOrEqual(2);
    stream.finish();
    await releaseAll();
    expect(written).toHaveLength(50);
  });

  it("counts flows beyond the queue limit as lost and reports them in order", async () => {
    const { sink, written, releaseAll } = stalledSink(1);
    const live = storedFlows(20);
    const stream = new GetFlowsStream(sink, responses, 3, [], () => {});
    stream.start();
    for (const stored of live.slice(0, 15)) stream.offer(stored);
    stream.offer(live[15]!);
    stream.finish();
    await releaseAll();
    // One write reached the sink and three waited in the queue; the other twelve were lost, and the
    // loss is reported after the flows that were kept, before the stream ends.
    const flows = written.filter((item): item is { flow: number } => "flow" in item).map((item) => item.flow);
    const lost = written.filter((item): item is { lost: number } => "lost" in item);
    expect(flows).toEqual([1, 2, 3, 4]);
    expect(lost).toEqual([{ lost: 12 }]);
    expect(written.at(-1)).toEqual({ lost: 12 });
  });

  it("resumes delivering live flows once the client reads again", async () => {
    const { sink, written, releaseAll } = stalledSink(1);
    const live = storedFlows(8);
    const stream = new GetFlowsStream(sink, responses, 2, [], () => {});
    stream.start();
    for (const stored of live.slice(0, 6)) stream.offer(stored);
    await releaseAll();
    for (const stored of live.slice(6)) stream.offer(stored);
    stream.finish();
    await releaseAll();
    expect(written).toEqual([{ flow: 1 }, { flow: 2 }, { flow: 3 }, { lost: 3 }, { flow: 7 }, { flow: 8 }]);
  });

  it("sends nothing more after close", async () => {
    const { sink, written, releaseAll, isEnded } = stalledSink(1);
    let ended = 0;
    const stream = new GetFlowsStream(sink, responses, 8, storedFlows(5), () => (ended += 1));
    stream.start();
    stream.close();
    stream.offer(storedFlows(1)[0]!);
    stream.finish();
    await releaseAll();
    expect(written).toEqual([{ flow: 1 }]);
    expect(ended).toBe(0);
    expect(isEnded()).toBe(false);
  });
});
