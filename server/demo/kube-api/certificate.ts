import "server-only";
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import {
  bitString,
  boolean,
  explicit,
  integer,
  objectIdentifier,
  octetString,
  sequence,
  set,
  utcTime,
  utf8String,
} from "./der";

// The one X.509 writer of the demo: ECDSA P-256 certificates, self-signed or issued by a CA made
// here, with the extensions the caller names (what makes a server, a CA or a client certificate).

/** A certificate and its private key, both PEM. */
export interface DemoTlsIdentity {
  certificate: string;
  privateKey: string;
}

export interface CertificateSpec {
  commonName: string;
  /** The issuing CA; absent for a self-signed certificate. */
  issuer?: DemoTlsIdentity;
  /** How long from now the certificate is valid (it is valid from an hour ago). */
  validForMs: number;
  /** DER extensions, made with `extension`. */
  extensions: Buffer[];
}

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

export const BASIC_CONSTRAINTS = "2.5.29.19";
export const KEY_USAGE = "2.5.29.15";
export const EXTENDED_KEY_USAGE = "2.5.29.37";
export const SUBJECT_ALT_NAME = "2.5.29.17";
export const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
export const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

export function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier("2.5.4.3"), utf8String(commonName))));
}

/** Length and start of the content of the DER element at `offset`. */
function element(der: Buffer, offset: number): { start: number; end: number } {
  const first = der[offset + 1]!;
  if (first < 0x80) return { start: offset + 2, end: offset + 2 + first };
  const count = first & 0x7f;
  let size = 0;
  for (let i = 0; i < count; i += 1) size = size * 256 + der[offset + 2 + i]!;
  return { start: offset + 2 + count, end: offset + 2 + count + size };
}

/** The subject Name of a PEM certificate, as DER: the issuer of what it signs. */
function subjectOf(pem: string): Buffer {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
  const tbs = element(der, element(der, 0).start);
  // TBSCertificate: [0] version, serial, signature algorithm, issuer, validity, subject.
  let offset = tbs.start;
  for (let field = 0; field < 5; field += 1) offset = element(der, offset).end;
  return der.subarray(offset, element(der, offset).end);
}

function pem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export function issueCertificate({
  commonName,
  issuer,
  validForMs,
  extensions,
}: CertificateSpec): DemoTlsIdentity {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const now = Date.now();
  const algorithm = sequence(objectIdentifier(ECDSA_WITH_SHA256));
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    algorithm,
    issuer ? subjectOf(issuer.certificate) : name(commonName),
    sequence(utcTime(new Date(now - 60 * 60_000)), utcTime(new Date(now + validForMs))),
    name(commonName),
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign("sha256", tbs, issuer ? createPrivateKey(issuer.privateKey) : privateKey);
  return {
    certificate: pem(sequence(tbs, algorithm, bitString(signature))),
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
