import { parseAllDocuments } from "yaml";
import { isRecord } from "@/lib/policy/json-read";
import { WATCHED_KINDS } from "./kinds";
import type { KubeObject, Pod } from "./types";

// Kubernetes objects from YAML manifests, e.g. the output of `kubectl kustomize` on a GitOps
// repository. The kinds Sieve watches are kept; workloads become one pod each (their template's
// labels are what policies select); other kinds are counted and skipped. A malformed document is
// reported with its file and line and the rest still loads.

export interface ManifestFile {
  path: string;
  text: string;
}

export interface ManifestProblem {
  file: string;
  line: number;
  message: string;
}

export interface ParsedManifests {
  objects: KubeObject[];
  /** Kinds Sieve does not use, with how many documents of each were skipped. */
  skipped: Record<string, number>;
  /** Workloads turned into pods, by kind. */
  podsFromWorkloads: Record<string, number>;
  problems: ManifestProblem[];
}

const WATCHED_OBJECT_KINDS = new Set(WATCHED_KINDS.map((k) => k.objectKind));
const NAMESPACED_KINDS = new Set(WATCHED_KINDS.filter((k) => k.namespaced).map((k) => k.objectKind));

type Json = Record<string, unknown>;

function podTemplate(kind: string, object: Json): Json | null {
  const spec = isRecord(object.spec) ? object.spec : null;
  if (!spec) return null;
  if (kind === "CronJob") {
    const job = isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : null;
    return job && isRecord(job.template) ? job.template : null;
  }
  return isRecord(spec.template) ? spec.template : null;
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]);

function podFromWorkload(kind: string, object: Json, name: string, namespace: string): Pod | null {
  const template = podTemplate(kind, object);
  if (!template) return null;
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  const labels = isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
  const spec = isRecord(template.spec) ? template.spec : {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `${name}-0`, namespace, labels: { ...labels } },
    spec: {
      hostNetwork: spec.hostNetwork === true,
      serviceAccountName: typeof spec.serviceAccountName === "string" ? spec.serviceAccountName : undefined,
    },
    status: { phase: "Running" },
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** What a renderer produced: each object with the repository file it came from. */
export interface ManifestObject {
  object: Record<string, unknown>;
  file: string;
}

export function parseManifests(files: readonly ManifestFile[]): ParsedManifests {
  return collectManifests((add, problems) => {
    for (const file of files) {
      for (const document of parseAllDocuments(file.text, { prettyErrors: false })) {
        const start = document.range?.[0] ?? 0;
        // Report the document's first line of content, not its "---" separator.
        const line = lineOf(file.text, start) + (file.text.startsWith("---", start) ? 1 : 0);
        const error = document.errors[0];
        if (error) {
          const at = error.pos ? lineOf(file.text, error.pos[0]) : line;
          const where = at === line ? "" : ` (at line ${at})`;
          problems.push({
            file: file.path,
            line,
            message: `invalid YAML${where}: ${error.message.split("\n")[0]}`,
          });
          continue;
        }
        const value: unknown = document.toJS();
        if (value === null || value === undefined) continue;
        if (!isRecord(value)) {
          problems.push({ file: file.path, line, message: "the document is not a mapping" });
          continue;
        }
        add(value, file.path, line);
      }
    }
  });
}

/** The same selection from already rendered objects (e.g. a Kustomize/Flux render of a repository). */
export function parseManifestObjects(objects: readonly ManifestObject[]): ParsedManifests {
  return collectManifests((add) => {
    for (const { object, file } of objects) add(object, file, 0);
  });
}

function collectManifests(
  read: (add: (object: Json, file: string, line: number) => void, problems: ManifestProblem[]) => void,
): ParsedManifests {
  const result: ParsedManifests = { objects: [], skipped: {}, podsFromWorkloads: {}, problems: [] };
  const seen = new Set<string>();

  const add = (object: Json, file: string, line: number) => {
    const kind = typeof object.kind === "string" ? object.kind : null;
    const metadata = isRecord(object.metadata) ? object.metadata : null;
    const name = typeof metadata?.name === "string" && metadata.name !== "" ? metadata.name : null;
    if (kind?.endsWith("List") && Array.isArray(object.items)) {
      for (const item of object.items) if (isRecord(item)) add(item, file, line);
      return;
    }
    if (typeof object.apiVersion !== "string" || !kind || !name) {
      result.problems.push({
        file,
        line,
        message: "not a Kubernetes object (apiVersion, kind and metadata.name)",
      });
      return;
    }
    const namespace =
      typeof metadata?.namespace === "string" && metadata.namespace ? metadata.namespace : "default";
    if (WORKLOAD_KINDS.has(kind)) {
      const pod = podFromWorkload(kind, object, name, namespace);
      if (pod) {
        result.objects.push(pod);
        result.podsFromWorkloads[kind] = (result.podsFromWorkloads[kind] ?? 0) + 1;
        return;
      }
    }
    if (!WATCHED_OBJECT_KINDS.has(kind)) {
      result.skipped[kind] = (result.skipped[kind] ?? 0) + 1;
      return;
    }
    const key = `${kind}/${NAMESPACED_KINDS.has(kind) ? namespace : ""}/${name}`;
    if (seen.has(key)) {
      result.problems.push({ file, line, message: `${kind} ${name} is defined twice; the later one wins` });
      result.objects = result.objects.filter(
        (o) =>
          `${o.kind}/${NAMESPACED_KINDS.has(o.kind) ? (o.metadata.namespace ?? "") : ""}/${o.metadata.name}` !==
          key,
      );
    }
    seen.add(key);
    const cleanMetadata = { ...metadata, name, ...(NAMESPACED_KINDS.has(kind) ? { namespace } : {}) };
    result.objects.push({ ...object, kind, metadata: cleanMetadata } as unknown as KubeObject);
  };

  read(add, result.problems);

  const namespaces = new Set(
    result.objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name),
  );
  for (const object of result.objects) {
    const ns = object.metadata.namespace;
    if (ns && !namespaces.has(ns)) {
      namespaces.add(ns);
      result.objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: {} } });
      result.problems.push({
        file: "(manifests)",
        line: 0,
        message: `namespace ${ns} is used but not defined; it is added without labels`,
      });
    }
  }
  return result;
}
