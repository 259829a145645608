import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image runs .next/standalone/server.js (see Containerfile); `next start` (npm start,
  // the tests) does not use it, so only the image's build asks for it.
  output: process.env.SIEVE_STANDALONE === "1" ? "standalone" : undefined,
  // gRPC and the Kubernetes client load native-ish files at run time; keep them out of the bundle.
  serverExternalPackages: ["@grpc/grpc-js", "@grpc/proto-loader", "@kubernetes/client-node"],
  outputFileTracingIncludes: { "/api/**": ["./server/hubble/proto/**"] },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
