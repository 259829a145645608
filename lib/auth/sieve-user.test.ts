import { describe, expect, it } from "vitest";
import { safeReturnPath, userFromClaims } from "./oidc-claims";
import { LOCAL_USER, mayPush } from "./sieve-user";

const alice = { name: "alice", email: null, groups: ["ops"], via: "oidc" as const };

describe("mayPush", () => {
  it("lets anyone push without login, and only the push group with it", () => {
    expect(mayPush(LOCAL_USER, { mode: "none", pushGroup: null })).toEqual({ ok: true });
    expect(mayPush(alice, { mode: "oidc", pushGroup: "ops" })).toEqual({ ok: true });
    expect(mayPush(alice, { mode: "proxy", pushGroup: "*" })).toEqual({ ok: true });
    expect(mayPush(alice, { mode: "oidc", pushGroup: "platform" })).toMatchObject({ ok: false, status: 403 });
    expect(mayPush(alice, { mode: "oidc", pushGroup: null })).toMatchObject({
      ok: false,
      status: 403,
      error: expect.stringContaining("SIEVE_PUSH_GROUP"),
    });
    expect(mayPush(null, { mode: "proxy", pushGroup: "ops" })).toMatchObject({ ok: false, status: 401 });
  });
});

describe("userFromClaims", () => {
  it("names the user and reads the groups claim, array or single string", () => {
    expect(
      userFromClaims({ sub: "1", preferred_username: "alice", groups: ["a", 3, "b"] }, "groups"),
    ).toEqual({
      name: "alice",
      email: null,
      groups: ["a", "b"],
      via: "oidc",
    });
    expect(userFromClaims({ sub: "1", email: "x@y", roles: "admin" }, "roles")?.groups).toEqual(["admin"]);
    expect(userFromClaims({ sub: "" }, "groups")).toBeNull();
  });
});

describe("safeReturnPath", () => {
  it("returns only to Sieve's own pages", () => {
    expect(safeReturnPath("/drops?window=5m")).toBe("/drops?window=5m");
    for (const bad of [
      null,
      "https://evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "/auth/login",
      "drops",
    ])
      expect(safeReturnPath(bad)).toBe("/");
  });
});
