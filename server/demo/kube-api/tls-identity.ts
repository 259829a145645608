import "server-only";
import { addressBits, parseIpAddress } from "@/lib/net/ip-address";
import {
  BASIC_CONSTRAINTS,
  EXTENDED_KEY_USAGE,
  extension,
  issueCertificate,
  KEY_USAGE,
  SERVER_AUTH,
  SUBJECT_ALT_NAME,
  type DemoTlsIdentity,
} from "./certificate";
import { bitString, boolean, implicit, objectIdentifier, sequence } from "./der";

export type { DemoTlsIdentity } from "./certificate";

/** The address's bytes for an iPAddress subject alternative name; null when the host is a name. */
function ipBytes(host: string): Buffer | null {
  const address = parseIpAddress(host);
  if (!address || address.zone !== undefined) return null;
  const hex = address.value.toString(16).padStart(addressBits(address.family) / 4, "0");
  return Buffer.from(hex, "hex");
}

/**
 * A self-signed ECDSA certificate for the demo server; the certificate is its own CA. kubectl only
 * sends a bearer token over TLS, so even a loopback demo has to speak HTTPS.
 */
export function createDemoTlsIdentity(
  hosts: readonly string[] = ["127.0.0.1", "::1", "localhost"],
): DemoTlsIdentity {
  const altNames = hosts.map((host) => {
    const ip = ipBytes(host);
    return ip ? implicit(7, ip) : implicit(2, Buffer.from(host, "ascii"));
  });
  return issueCertificate({
    commonName: "sieve-demo-kube-api",
    validForMs: 365 * 24 * 60 * 60_000,
    extensions: [
      extension(BASIC_CONSTRAINTS, true, sequence(boolean(true))),
      // digitalSignature and keyCertSign.
      extension(KEY_USAGE, true, bitString(Buffer.from([0x84]), 2)),
      extension(EXTENDED_KEY_USAGE, false, sequence(objectIdentifier(SERVER_AUTH))),
      extension(SUBJECT_ALT_NAME, false, sequence(...altNames)),
    ],
  });
}
