import "server-only";
import {
  BASIC_CONSTRAINTS,
  CLIENT_AUTH,
  EXTENDED_KEY_USAGE,
  extension,
  issueCertificate,
  KEY_USAGE,
  type DemoTlsIdentity,
} from "@/server/demo/kube-api/certificate";
import { bitString, boolean, objectIdentifier, sequence } from "@/server/demo/kube-api/der";

// Client certificates for mTLS tests. Hubble Relay asks for client certificates, and a TLS server
// only accepts one made for client auth whose CA is not restricted to server auth (the demo
// identity is), so the client side gets its own small CA.

const DAY_MS = 24 * 60 * 60_000;

/** A self-signed CA for client certificates. */
export function createClientCa(commonName = "sieve-test-client-ca"): DemoTlsIdentity {
  return issueCertificate({
    commonName,
    validForMs: DAY_MS,
    extensions: [
      extension(BASIC_CONSTRAINTS, true, sequence(boolean(true))),
      // keyCertSign only.
      extension(KEY_USAGE, true, bitString(Buffer.from([0x04]), 2)),
    ],
  });
}

/** A client-auth certificate signed by `ca`. */
export function issueClientCertificate(ca: DemoTlsIdentity, commonName = "sieve"): DemoTlsIdentity {
  return issueCertificate({
    commonName,
    issuer: ca,
    validForMs: DAY_MS,
    extensions: [
      extension(BASIC_CONSTRAINTS, true, sequence()),
      // digitalSignature only, for TLS client authentication.
      extension(KEY_USAGE, true, bitString(Buffer.from([0x80]), 7)),
      extension(EXTENDED_KEY_USAGE, false, sequence(objectIdentifier(CLIENT_AUTH))),
    ],
  });
}
