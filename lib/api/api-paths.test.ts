import { describe, expect, it } from "vitest";
import { apiPaths } from "./api-paths";
import { apiErrorMessage } from "./api-error";
import {
  dropsFilterQuery,
  dropsQuery,
  edgeQuery,
  fixQuery,
  graphQuery,
  parseViewQuery,
  queryInputOf,
  WhatIfQuery,
  windowQuery,
} from "./query-params";

/** A configured default no test path names, so a path that dropped its window would show. */
const DEFAULTS = { windowMs: 30 * 60_000 };

const queryOf = (path: string) => queryInputOf(new URL(path, "http://127.0.0.1").searchParams);

describe("apiPaths", () => {
  it("builds the URLs the routes' schemas read back", () => {
    const edge = "ns:mealie>ns:database:tcp:5432:egress";
    expect(edgeQuery(DEFAULTS).parse(queryOf(apiPaths.edge(edge, 900_000)))).toEqual({
      id: edge,
      window: 900_000,
    });
    expect(dropsQuery(DEFAULTS).parse(queryOf(apiPaths.drops(3_600_000)))).toEqual({
      window: 3_600_000,
      filter: { namespace: null, port: null },
    });
    expect(
      dropsQuery(DEFAULTS).parse(queryOf(apiPaths.drops(900_000, { namespace: "mealie", port: 5432 }))),
    ).toEqual({ window: 900_000, filter: { namespace: "mealie", port: 5432 } });
    expect(windowQuery(DEFAULTS).parse(queryOf(apiPaths.checklist("mealie", 60_000)))).toEqual({
      window: 60_000,
    });
    const scope = { kind: "group" as const, key: "mealie|access-label-missing/postgres" };
    expect(fixQuery(DEFAULTS).parse(queryOf(apiPaths.fix(scope, 300_000)))).toEqual({
      scope,
      windowMs: 300_000,
    });
    expect(fixQuery(DEFAULTS).parse(queryOf(apiPaths.pullRequest(scope, 300_000)))).toEqual({
      scope,
      windowMs: 300_000,
    });
    expect(WhatIfQuery.parse(queryOf(apiPaths.whatIf("sieve/fix+a&b=c")))).toMatchObject({
      ref: "refs/heads/sieve/fix+a&b=c",
    });
    expect(graphQuery(DEFAULTS).parse(queryOf(apiPaths.graph("ns=b,a&verdict=DROPPED")))).toMatchObject({
      namespaces: ["a", "b"],
      verdicts: ["DROPPED"],
      windowMs: 30 * 60_000,
    });
  });

  it("lets the configured default stand for a window the URL leaves out", () => {
    expect(windowQuery(DEFAULTS).parse(queryOf("/api/posture"))).toEqual({ window: 30 * 60_000 });
    expect(windowQuery({ windowMs: 60_000 }).parse(queryOf("/api/posture"))).toEqual({ window: 60_000 });
  });
});

describe("the drops filter (?namespace=&port=)", () => {
  const params = (search: string) => new URLSearchParams(search);

  it("reads a page's namespace and port, and nothing for parameters it does not take", () => {
    expect(parseViewQuery(dropsFilterQuery, params("namespace=mealie&port=5432&window=15m"))).toEqual({
      ok: true,
      value: { namespace: "mealie", port: 5432 },
    });
    expect(parseViewQuery(dropsFilterQuery, params("namespace=&port="))).toEqual({
      ok: true,
      value: { namespace: null, port: null },
    });
  });

  it("says what is wrong with each bad value instead of showing every drop", () => {
    expect(parseViewQuery(dropsFilterQuery, params("namespace=Not_A_Name&port=99999"))).toEqual({
      ok: false,
      error: 'namespace: "Not_A_Name" is not a namespace name; port: "99999" is not a port from 1 to 65535',
    });
    for (const port of ["0", "5432x", "-1", "1e3", " 80"]) {
      expect(parseViewQuery(dropsFilterQuery, params(`port=${encodeURIComponent(port)}`))).toEqual({
        ok: false,
        error: `port: "${port}" is not a port from 1 to 65535`,
      });
    }
  });

  it("encodes names into path segments", () => {
    expect(apiPaths.namespacePosture("a/b")).toBe("/api/posture/a%2Fb");
  });
});

describe("apiErrorMessage", () => {
  it("reads the message of the API's error shape and nothing else", () => {
    expect(apiErrorMessage({ error: { code: "not_found", message: "gone" } })).toBe("gone");
    expect(apiErrorMessage({ error: "old shape" })).toBeNull();
    expect(apiErrorMessage(null)).toBeNull();
    expect(apiErrorMessage("text")).toBeNull();
  });
});
