import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { describeGrpcError } from "./grpc-error";

function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

const at = "relay:4245";

describe("describeGrpcError", () => {
  it("keeps the cause of an unreachable relay and drops grpc-js's decorations", () => {
    const refused = serviceError(
      status.UNAVAILABLE,
      "No connection established. Last error: Error: connect ECONNREFUSED 10.0.0.1:4245 (2025-05-14T09:12:03.482Z). Resolution note: ",
    );
    expect(describeGrpcError(refused, at)).toBe(
      "cannot reach Hubble Relay at relay:4245: connect ECONNREFUSED 10.0.0.1:4245",
    );
  });

  it("turns OpenSSL's error strings into their reason", () => {
    const tls = serviceError(
      status.UNAVAILABLE,
      "No connection established. Last error: Error: 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/ssl/record/ssl3_record.c:350:\n. Resolution note: ",
    );
    expect(describeGrpcError(tls, at)).toBe(
      "cannot reach Hubble Relay at relay:4245: TLS handshake failed: wrong version number",
    );
  });

  it("names the other statuses", () => {
    expect(describeGrpcError(serviceError(status.DEADLINE_EXCEEDED, "Deadline exceeded"), at)).toBe(
      "Hubble Relay at relay:4245 did not answer in time",
    );
    expect(describeGrpcError(serviceError(status.UNIMPLEMENTED, ""), at)).toBe(
      "relay:4245 does not serve Hubble's observer API (UNIMPLEMENTED)",
    );
    expect(describeGrpcError(serviceError(status.PERMISSION_DENIED, "no access\nmore"), at)).toBe(
      "Hubble Relay at relay:4245 answered PERMISSION_DENIED: no access",
    );
    expect(describeGrpcError(new Error("boom\nstack"), at)).toBe("Hubble Relay at relay:4245: boom");
  });
});
