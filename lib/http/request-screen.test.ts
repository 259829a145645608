import { describe, expect, it } from "vitest";
import { isApiPath, screenRequest } from "./request-screen";

describe("screenRequest", () => {
  it("passes what Next routes: the usual methods and well-formed paths", () => {
    expect(screenRequest("GET", "/namespaces/paperless")).toBeNull();
    expect(screenRequest("post", "/api/fix/pull-request")).toBeNull();
    expect(screenRequest("GET", "/namespaces/caf%C3%A9")).toBeNull();
  });

  it("refuses a segment whose percent-encoding does not decode", () => {
    expect(screenRequest("GET", "/api/posture/%E0%A4%A")).toEqual({
      status: 400,
      error: "the path has malformed percent-encoding",
    });
    expect(screenRequest("GET", "/namespaces/%E0%A4%A")?.status).toBe(400);
    expect(screenRequest("GET", "/namespaces/%")?.status).toBe(400);
  });

  it("refuses TRACE, TRACK and CONNECT with the methods that are allowed", () => {
    for (const method of ["TRACE", "TRACK", "CONNECT"]) {
      expect(screenRequest(method, "/")).toEqual({
        status: 405,
        error: `method ${method} is not allowed`,
        allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
      });
    }
  });
});

describe("isApiPath", () => {
  it("is /api and below only", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/health")).toBe(true);
    expect(isApiPath("/apis")).toBe(false);
    expect(isApiPath("/namespaces/api")).toBe(false);
  });
});
