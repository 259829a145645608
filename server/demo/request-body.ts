import "server-only";
import type { IncomingMessage } from "node:http";

/** The request's body was larger than the server takes. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the body is larger than ${limitBytes} bytes`);
  }
}

/**
 * The request's body as UTF-8 text. Past `maxBytes` it rejects with BodyTooLarge and reads the
 * rest away without keeping it, so the server can still answer on the same connection.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLarge(maxBytes));
      }
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
