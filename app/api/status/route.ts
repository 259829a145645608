import { apiRoute } from "@/server/api-route";
import { buildStatus } from "@/server/status";

export const dynamic = "force-dynamic";

/** Whether each source (Kubernetes, Hubble, the repository) is current, and the configuration's problems. */
export const GET = apiRoute({}, ({ runtime, now }) => buildStatus(runtime(), now));
