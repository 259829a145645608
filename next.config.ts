import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image runs .next/standalone/server.js (see Containerfile); `next start` (npm start,
  // the tests) does not use it, so only the image's build asks for it.
  output: process.env.SIEVE_STANDALONE === "1" ? "standalone" : undefined,
  // Nothing uses next/image: no optimizer endpoint that fetches and resizes on request.
  images: { unoptimized: true },
  // gRPC and the Kubernetes client load native-ish files at run time; keep them out of the bundle.
  serverExternalPackages: ["@grpc/grpc-js", "@grpc/proto-loader", "@kubernetes/client-node"],
  outputFileTracingIncludes: { "/api/**": ["./server/hubble/proto/**"] },
  async headers() {
    return [{ source: "/:path*", headers: [...SECURITY_HEADERS] }];
  },
};

export default nextConfig;
