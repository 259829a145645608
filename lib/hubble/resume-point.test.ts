import { describe, expect, it } from "vitest";
import { ResumePoint } from "./resume-point";

describe("ResumePoint", () => {
  it("resumes from the newest flow and drops the replay of that instant", () => {
    const point = new ResumePoint();
    expect(point.since).toBeNull();
    expect(point.accept({ id: "a", time: 100 })).toBe(true);
    expect(point.accept({ id: "b", time: 200 })).toBe(true);
    expect(point.accept({ id: "c", time: 200 })).toBe(true);
    expect(point.since).toBe(200);
    // After a reconnection from `since` = 200 the relay sends b and c again, then d.
    expect(point.accept({ id: "b", time: 200 })).toBe(false);
    expect(point.accept({ id: "c", time: 200 })).toBe(false);
    expect(point.accept({ id: "d", time: 200 })).toBe(true);
    expect(point.accept({ id: "e", time: 300 })).toBe(true);
    expect(point.since).toBe(300);
  });

  it("lets late flows from other nodes through", () => {
    const point = new ResumePoint();
    point.accept({ id: "a", time: 200 });
    expect(point.accept({ id: "late", time: 150 })).toBe(true);
    expect(point.since).toBe(200);
  });

  it("forgets the ids of an instant once a newer flow arrives", () => {
    const point = new ResumePoint();
    point.accept({ id: "a", time: 100 });
    point.accept({ id: "b", time: 200 });
    // "a" is older than `since`: the relay will not replay it, so it need not be remembered.
    expect(point.accept({ id: "a", time: 100 })).toBe(true);
  });

  it("remembers a bounded number of ids per instant", () => {
    const point = new ResumePoint(2);
    for (const id of ["a", "b", "c"]) point.accept({ id, time: 100 });
    expect(point.accept({ id: "a", time: 100 })).toBe(false);
    expect(point.accept({ id: "b", time: 100 })).toBe(false);
    expect(point.accept({ id: "c", time: 100 })).toBe(true);
  });
});
