import "server-only";
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { HubbleSettings } from "@/lib/config/sieve-config";

// Reads the relay's TLS files once, up front, so a wrong path or a swapped file is reported as one
// line naming the setting, instead of as a handshake failure on every reconnection.

export type HubbleTlsSettings = NonNullable<HubbleSettings["tls"]>;

export interface TlsMaterial {
  ca: Buffer | null;
  cert: Buffer | null;
  key: Buffer | null;
  serverName: string | null;
}

const SETTING = {
  caFile: "SIEVE_HUBBLE_TLS_CA_FILE",
  certFile: "SIEVE_HUBBLE_TLS_CERT_FILE",
  keyFile: "SIEVE_HUBBLE_TLS_KEY_FILE",
} as const;

type FileSetting = keyof typeof SETTING;

const READ_ERRORS: Record<string, string> = {
  ENOENT: "file not found",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a parent of it is not a directory",
};

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

function readSetting(setting: FileSetting, file: string): Buffer {
  try {
    return readFileSync(/* turbopackIgnore: true */ file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new Error(`${SETTING[setting]}: cannot read ${file}: ${READ_ERRORS[code] ?? firstLine(error)}`);
  }
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificates(setting: FileSetting, file: string, pem: Buffer): X509Certificate[] {
  const blocks = pem.toString("utf8").match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new Error(`${SETTING[setting]}: ${file} is not a PEM certificate (no BEGIN CERTIFICATE block)`);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      const which = blocks.length > 1 ? `certificate ${index + 1} in ` : "";
      throw new Error(`${SETTING[setting]}: ${which}${file} does not parse: ${firstLine(error)}`);
    }
  });
}

function parsePrivateKey(file: string, pem: Buffer): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.toString("utf8"))) {
    throw new Error(`${SETTING.keyFile}: ${file} is not a PEM private key (no BEGIN PRIVATE KEY block)`);
  }
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${SETTING.keyFile}: ${file} does not parse: ${firstLine(error)}`);
  }
}

/** The files' contents, checked to be what each setting says; throws one line naming the setting and file. */
export function readTlsMaterial(tls: HubbleTlsSettings): TlsMaterial {
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new Error(`${SETTING.certFile} and ${SETTING.keyFile} must be set together (mTLS)`);
  }
  const ca = tls.caFile ? readSetting("caFile", tls.caFile) : null;
  if (ca && tls.caFile) parseCertificates("caFile", tls.caFile, ca);

  let cert: Buffer | null = null;
  let key: Buffer | null = null;
  if (tls.certFile && tls.keyFile) {
    cert = readSetting("certFile", tls.certFile);
    key = readSetting("keyFile", tls.keyFile);
    const [leaf] = parseCertificates("certFile", tls.certFile, cert);
    const privateKey = parsePrivateKey(tls.keyFile, key);
    if (leaf && !leaf.checkPrivateKey(privateKey)) {
      throw new Error(
        `${SETTING.keyFile}: ${tls.keyFile} is not the key of the certificate in ${tls.certFile}`,
      );
    }
  }
  return { ca, cert, key, serverName: tls.serverName?.trim() || null };
}
