import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image runs .next/standalone/server.js (see Containerfile).
  output: "standalone",
  // gRPC and the Kubernetes client load native-ish files at run time; keep them out of the bundle.
  serverExternalPackages: ["@grpc/grpc-js", "@grpc/proto-loader", "@kubernetes/client-node"],
  outputFileTracingIncludes: { "/api/**": ["./server/hubble/proto/**"] },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
