import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDemoTlsIdentity } from "@/server/demo/kube-api";
import { tempFolder } from "@/server/testing/temp-folder";
import { createObserverClient, validateHubbleConnectionOptions } from "./client";
import { createClientCa, issueClientCertificate } from "./testing/client-certificate";

const { dir, file } = tempFolder("sieve-hubble-tls-");

const relay = createDemoTlsIdentity(["relay.test"]);
const clientCa = createClientCa();
const clientCert = issueClientCertificate(clientCa);
const caFile = file("ca.pem", relay.certificate);
const certFile = file("client.pem", clientCert.certificate);
const keyFile = file("client-key.pem", clientCert.privateKey);

function problem(
  tls: Parameters<typeof validateHubbleConnectionOptions>[0]["tls"],
  address = "127.0.0.1:4245",
): string {
  try {
    validateHubbleConnectionOptions({ address, tls });
  } catch (error) {
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  return "no problem";
}

describe("validateHubbleConnectionOptions", () => {
  it("accepts plaintext, TLS with a CA, and mTLS with a matching key pair", () => {
    expect(problem(null)).toBe("no problem");
    expect(problem(null, "unix:/var/run/cilium/hubble.sock")).toBe("no problem");
    expect(problem({ caFile, serverName: "relay.test" })).toBe("no problem");
    expect(problem({ caFile, certFile, keyFile })).toBe("no problem");
    // A CA bundle with several certificates is fine too.
    expect(problem({ caFile: file("bundle.pem", relay.certificate + clientCa.certificate) })).toBe(
      "no problem",
    );
  });

  it("names the address setting when the address is malformed", () => {
    expect(problem(null, "hubble-relay")).toBe(
      'SIEVE_HUBBLE_ADDRESS: "hubble-relay" is malformed: expected host:port, [ipv6]:port or unix:/path',
    );
    expect(problem(null, "relay:99999")).toBe(
      'SIEVE_HUBBLE_ADDRESS: "relay:99999" is malformed: port 99999 is outside 1-65535',
    );
  });

  it("names the setting and the file when a TLS file cannot be read", () => {
    const missing = path.join(dir, "nope", "ca.pem");
    expect(problem({ caFile: missing })).toBe(
      `SIEVE_HUBBLE_TLS_CA_FILE: cannot read ${missing}: file not found`,
    );
    expect(problem({ caFile: dir })).toBe(`SIEVE_HUBBLE_TLS_CA_FILE: cannot read ${dir}: it is a directory`);
    const missingKey = path.join(dir, "missing-key.pem");
    expect(problem({ certFile, keyFile: missingKey })).toBe(
      `SIEVE_HUBBLE_TLS_KEY_FILE: cannot read ${missingKey}: file not found`,
    );
  });

  it("says when a file does not hold what its setting needs", () => {
    expect(problem({ caFile: keyFile })).toBe(
      `SIEVE_HUBBLE_TLS_CA_FILE: ${keyFile} is not a PEM certificate (no BEGIN CERTIFICATE block)`,
    );
    const garbled = file(
      "garbled.pem",
      "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
    );
    expect(problem({ caFile: garbled })).toMatch(
      new RegExp(`^SIEVE_HUBBLE_TLS_CA_FILE: ${garbled} does not parse: `),
    );
    expect(problem({ caFile, certFile: keyFile, keyFile })).toBe(
      `SIEVE_HUBBLE_TLS_CERT_FILE: ${keyFile} is not a PEM certificate (no BEGIN CERTIFICATE block)`,
    );
    expect(problem({ certFile, keyFile: certFile })).toBe(
      `SIEVE_HUBBLE_TLS_KEY_FILE: ${certFile} is not a PEM private key (no BEGIN PRIVATE KEY block)`,
    );
  });

  it("catches a key that belongs to another certificate", () => {
    const otherKey = file("other-key.pem", relay.privateKey);
    expect(problem({ certFile, keyFile: otherKey })).toBe(
      `SIEVE_HUBBLE_TLS_KEY_FILE: ${otherKey} is not the key of the certificate in ${certFile}`,
    );
  });

  it("requires the client certificate and key together", () => {
    expect(problem({ certFile })).toBe(
      "SIEVE_HUBBLE_TLS_CERT_FILE and SIEVE_HUBBLE_TLS_KEY_FILE must be set together (mTLS)",
    );
  });

  it("applies the same checks when a client is created", () => {
    expect(() => createObserverClient({ address: "relay", tls: null })).toThrow(
      /^SIEVE_HUBBLE_ADDRESS: "relay"/,
    );
    expect(() => createObserverClient({ address: "127.0.0.1:4245", tls: { caFile: keyFile } })).toThrow(
      /^SIEVE_HUBBLE_TLS_CA_FILE: .* is not a PEM certificate/,
    );
  });
});
