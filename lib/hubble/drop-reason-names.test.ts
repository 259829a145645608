import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DROP_REASON_NAMES } from "./drop-reason-names";

describe("DROP_REASON_NAMES", () => {
  it("lists the DropReason enum of Sieve's flow.proto, in order", () => {
    const proto = readFileSync(path.resolve(__dirname, "../../server/hubble/proto/flow/flow.proto"), "utf8");
    const body = /enum DropReason \{([^}]*)\}/.exec(proto)?.[1] ?? "";
    const names = [...body.matchAll(/^\s*([A-Z0-9_]+) = \d+;/gm)].map((match) => match[1]);
    expect(names.length).toBeGreaterThan(60);
    expect(DROP_REASON_NAMES).toEqual(names);
  });
});
