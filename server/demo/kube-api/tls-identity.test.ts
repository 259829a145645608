import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDemoTlsIdentity } from "./tls-identity";

describe("createDemoTlsIdentity", () => {
  it("names IPv4 and IPv6 hosts as IP addresses and the rest as DNS names", () => {
    const { certificate } = createDemoTlsIdentity(["127.0.0.1", "::1", "fd00::a:1", "localhost"]);
    const names = new X509Certificate(certificate).subjectAltName?.split(", ") ?? [];
    expect(names).toEqual([
      "IP Address:127.0.0.1",
      "IP Address:0:0:0:0:0:0:0:1",
      "IP Address:FD00:0:0:0:0:0:A:1",
      "DNS:localhost",
    ]);
  });

  it("does not read an address with a leading zero as an IP address", () => {
    const { certificate } = createDemoTlsIdentity(["010.0.0.1"]);
    expect(new X509Certificate(certificate).subjectAltName).toBe("DNS:010.0.0.1");
  });
});
