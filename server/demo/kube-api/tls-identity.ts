import "server-only";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { addressBits, parseIpAddress } from "@/lib/net/ip-address";
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  set,
  utcTime,
  utf8String,
} from "./der";

/** The demo API server's certificate and key (PEM); the certificate is its own CA. */
export interface DemoTlsIdentity {
  certificate: string;
  privateKey: string;
}

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** The address's bytes for an iPAddress subject alternative name; null when the host is a name. */
function ipBytes(host: string): Buffer | null {
  const address = parseIpAddress(host);
  if (!address || address.zone !== undefined) return null;
  const hex = address.value.toString(16).padStart(addressBits(address.family) / 4, "0");
  return Buffer.from(hex, "hex");
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * A self-signed ECDSA certificate for the demo server. kubectl only sends a bearer token over
 * TLS, so even a loopback demo has to speak HTTPS.
 */
export function createDemoTlsIdentity(
  hosts: readonly string[] = ["127.0.0.1", "::1", "localhost"],
): DemoTlsIdentity {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const now = Date.now();
  const name = sequence(set(sequence(objectIdentifier("2.5.4.3"), utf8String("sieve-demo-kube-api"))));
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const altNames = hosts.map((host) => {
    const ip = ipBytes(host);
    return ip ? implicit(7, ip) : implicit(2, Buffer.from(host, "ascii"));
  });
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    algorithm,
    name,
    sequence(utcTime(new Date(now - 60 * 60_000)), utcTime(new Date(now + 365 * 24 * 60 * 60_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    explicit(
      3,
      sequence(
        extension("2.5.29.19", true, sequence(boolean(true))),
        // digitalSignature and keyCertSign.
        extension("2.5.29.15", true, bitString(Buffer.from([0x84]), 2)),
        extension("2.5.29.37", false, sequence(objectIdentifier("1.3.6.1.5.5.7.3.1"))),
        extension("2.5.29.17", false, sequence(...altNames)),
      ),
    ),
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = sequence(tbs, algorithm, bitString(signature));
  return {
    certificate: pem("CERTIFICATE", certificate),
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
