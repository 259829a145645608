import { describe, expect, it } from "vitest";
import { FlowColumns } from "./flow-columns";
import { testFlow } from "./testing/test-flow";

describe("FlowColumns", () => {
  it("hands out slots, takes them back and grows when growable, every flow read back as written", () => {
    const columns = new FlowColumns(2, true);
    const flows = [1, 2, 3, 4, 5].map((i) =>
      testFlow({ id: `f${i}`, time: i, verdict: i % 2 ? "DROPPED" : "FORWARDED", isReply: i === 3 }),
    );
    const slots = flows.map((flow) => {
      const slot = columns.allocate();
      columns.write(slot, flow);
      return slot;
    });
    expect(new Set(slots).size).toBe(5);
    expect(columns.used).toBe(5);
    expect(slots.map((slot) => columns.read(slot))).toEqual(flows);
    columns.release(slots[1]!);
    expect(columns.used).toBe(4);
    // A released slot is handed out again before the columns grow.
    expect(columns.allocate()).toBe(slots[1]);
    expect(columns.time(slots[4]!)).toBe(5);
  });

  it("refuses a slot past a fixed capacity", () => {
    const columns = new FlowColumns(1);
    columns.allocate();
    expect(() => columns.allocate()).toThrow("every slot is taken");
  });
});
