import "server-only";

export { startDemoKubeApi, type DemoKubeApi, type DemoRequestRecord } from "./kube-api-server";
export { createDemoObjectStore, storedObjects, type DemoObjectStore } from "./object-store";
export { writeKubeconfig } from "./kubeconfig-file";
export { createDemoTlsIdentity } from "./tls-identity";
