import { describe, expect, it } from "vitest";
import { userFromProxyHeaders } from "./proxy-headers";

describe("userFromProxyHeaders", () => {
  it("reads oauth2-proxy's X-Forwarded-* user headers", () => {
    const headers = new Headers({
      "X-Forwarded-User": "8c1f-uid",
      "X-Forwarded-Email": "alice@example.org",
      "X-Forwarded-Preferred-Username": "alice",
      "X-Forwarded-Groups": "developers, platform-admins",
    });
    expect(userFromProxyHeaders(headers)).toEqual({
      name: "alice",
      email: "alice@example.org",
      groups: ["developers", "platform-admins"],
      via: "proxy",
    });
  });

  it("reads the X-Auth-Request-* set of an auth_request gateway, repeated group lines too", () => {
    const headers = new Headers();
    headers.append("X-Auth-Request-Email", "bob@example.org");
    headers.append("X-Auth-Request-Groups", "ops");
    headers.append("X-Auth-Request-Groups", "developers");
    expect(userFromProxyHeaders(headers)).toEqual({
      name: "bob@example.org",
      email: "bob@example.org",
      groups: ["ops", "developers"],
      via: "proxy",
    });
  });

  it("names nobody without a user and strips control and bidi characters", () => {
    expect(userFromProxyHeaders(new Headers({ "X-Forwarded-Groups": "ops" }))).toBeNull();
    // A plain reader: fetch's Headers refuses these characters, a raw HTTP parser may not.
    const raw = { get: (name: string) => (name === "x-forwarded-user" ? "eve\u202e\u0007nimda" : null) };
    const user = userFromProxyHeaders(raw);
    expect(user?.name).toBe("evenimda");
  });
});
