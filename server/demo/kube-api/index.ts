import "server-only";

export {
  startDemoKubeApi,
  type DemoKubeApi,
  type DemoKubeApiOptions,
  type DemoRequestRecord,
} from "./kube-api-server";
export {
  createDemoObjectStore,
  storedObjects,
  type DemoObjectStore,
  type DemoStoreEvent,
} from "./object-store";
export { renderKubeconfig, writeKubeconfig, type KubeconfigFileOptions } from "./kubeconfig-file";
export { createDemoTlsIdentity, type DemoTlsIdentity } from "./tls-identity";
