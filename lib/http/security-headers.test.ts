import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./security-headers";

describe("contentSecurityPolicy", () => {
  it("lets scripts run only from Sieve's origin or with the nonce, and frames nothing", () => {
    const policy = contentSecurityPolicy("bm9uY2U=");
    const directives = new Map(
      policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")] as const),
    );
    expect(directives.get("script-src")).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(directives.get("default-src")).toBe("'self'");
    expect(directives.get("object-src")).toBe("'none'");
    expect(directives.get("frame-ancestors")).toBe("'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("x", true)).toContain("'nonce-x' 'strict-dynamic' 'unsafe-eval'");
  });
});
