// Renders a Flux Operator ResourceSet into the objects flux-operator would apply, each with its
// origin (file, document, ResourceSet, input, template), and the input fields each template read.
//
// Upstream facts, read in https://github.com/controlplaneio-fluxcd/flux-operator (internal/builder/
// resourceset.go, internal/controller/resourceset_controller.go, cmd/cli build_resourceset.go,
// docs/api/v1/resourceset.md = https://fluxoperator.dev/docs/crd/resourceset.md) and
// https://github.com/fluxcd/pkg (ssa/utils/object.go ReadObject/ReadObjects):
// - each `spec.resources` item is converted from JSON to YAML text (sigs.k8s.io/yaml: sorted keys,
//   so a quoted "<< inputs.port >>" loses its quotes and renders as a number), executed as one
//   Go text/template per input set, then read as one object;
// - `spec.resourcesTemplate` is one multi-document template per input set; documents without
//   apiVersion, kind or metadata.name (e.g. empty ones) are dropped, `List` kinds are expanded;
// - delimiters "<<" ">>", Option("missingkey=error"), the data (dot) is nil: inputs are read
//   through the `inputs` function; see resourceset-functions.ts for the function library;
// - no inputs and no inputsFrom: every template renders once with an empty input set;
//   inputsFrom set but zero inputs: nothing is rendered;
// - objects annotated `fluxcd.controlplane.io/reconcile: disabled` are left out; duplicates
//   (same group, kind, namespace, name) keep the first, `resources` before `resourcesTemplate`;
// - `spec.steps` (mutually exclusive with resources/resourcesTemplate) render step by step;
// - `spec.commonMetadata` labels/annotations and the owner labels
//   `resourceset.fluxcd.controlplane.io/name|namespace` are set on every object;
// - a rendered object without metadata.namespace is applied as it is: the operator does not
//   default it to the ResourceSet's namespace, and neither does this renderer.
// One difference, on purpose: the operator stops the whole ResourceSet at the first failing
// template; here the failure is a problem naming the ResourceSet, the input and the key, and the
// other inputs still render (so one bad input does not hide the rest of the repository).

import { parseAllDocuments } from "yaml";
import { asRecord, isRecord, stringEntries } from "@/lib/policy/json-read";
import {
  executeGoTemplate,
  FieldReads,
  parseGoTemplate,
  TemplateError,
  type FunctionMap,
  type GoTemplate,
} from "./go-template";
import { marshalGoYaml } from "./go-yaml";
import type { KubeManifest, RenderedObject, RenderProblem, TemplateOrigin } from "./rendered";
import { RESOURCESET_FUNCTIONS } from "./resourceset-functions";
import { effectiveInputs, resourceSetId, type EffectiveInput } from "./resourceset-inputs";

/**
 * Template positions (line:column in problems) count in the template text: the
 * `resourcesTemplate` string as written, or for a `resources` item the YAML the operator generates
 * from it (keys sorted), not the repository file.
 */
export interface ResourceSetRender {
  objects: RenderedObject[];
  problems: RenderProblem[];
  /**
   * Input fields each template execution read, keyed by `templateExecutionKey(origin)`, as sorted
   * dotted paths: "profile", "network.profile", "apps[0].name"; "*" when the whole input set was
   * used at once (e.g. `toYaml inputs`). A field the template never reads is absent, so editing it
   * cannot change the objects of that execution. Executions that failed are included.
   */
  fieldsRead: ReadonlyMap<string, readonly string[]>;
  /** The union of `fieldsRead` over every template, per input index. */
  inputFieldsRead: ReadonlyMap<number, ReadonlySet<string>>;
}

export interface ResourceSetLocation {
  file: string;
  document: number;
  /** ResourceSetInputProvider objects found in the repository (others are ignored). */
  providers: readonly KubeManifest[];
}

/** Key of one template execution in `ResourceSetRender.fieldsRead`. */
export function templateExecutionKey(
  origin: Pick<TemplateOrigin, "step" | "resourceIndex" | "inputIndex">,
): string {
  return `${origin.step ?? ""}#${origin.resourceIndex}#${origin.inputIndex}`;
}

/** The input fields read by the template execution that produced an object with this origin. */
export function fieldsReadFor(render: ResourceSetRender, origin: TemplateOrigin): readonly string[] {
  return render.fieldsRead.get(templateExecutionKey(origin)) ?? [];
}

const DELIMS = { left: "<<", right: ">>" };
const OWNER_GROUP = "resourceset.fluxcd.controlplane.io";
const RECONCILE_ANNOTATION = "fluxcd.controlplane.io/reconcile";

type Json = Record<string, unknown>;

interface Step {
  name: string | undefined;
  resources: unknown[];
  resourcesTemplate: string;
}

/** One template to execute per input: a `resources` item (as YAML text) or the resourcesTemplate. */
interface TemplateSource {
  step: string | undefined;
  resourceIndex: number;
  label: string;
  text: string;
  multiDocument: boolean;
}

export function renderResourceSet(resourceSet: KubeManifest, where: ResourceSetLocation): ResourceSetRender {
  const renderer = new ResourceSetRenderer(resourceSet, where);
  return renderer.render();
}

class ResourceSetRenderer {
  private readonly objects: RenderedObject[] = [];
  private readonly problems: RenderProblem[] = [];
  private readonly fieldsRead = new Map<string, readonly string[]>();
  private readonly inputFieldsRead = new Map<number, Set<string>>();
  private readonly id: string;
  private readonly namespace: string;
  private readonly name: string;

  constructor(
    private readonly resourceSet: KubeManifest,
    private readonly where: ResourceSetLocation,
  ) {
    const { id, namespace, name } = resourceSetId(resourceSet);
    this.id = id;
    this.namespace = namespace;
    this.name = name;
  }

  render(): ResourceSetRender {
    const result = () => ({
      objects: this.objects,
      problems: this.problems,
      fieldsRead: this.fieldsRead,
      inputFieldsRead: this.inputFieldsRead,
    });
    const spec = asRecord(this.resourceSet.spec);
    const steps = this.steps(spec);
    if (!steps) return result();

    const computed = effectiveInputs(this.resourceSet, this.where.providers);
    for (const message of computed.unresolved) this.problem("not-rendered", message);
    if (computed.notRendered) {
      this.problem("not-rendered", computed.notRendered);
      return result();
    }
    if (computed.usesProviders && computed.inputs.length === 0) return result();
    // No inputs at all: the templates render once, with an empty input set and input index -1.
    const inputs: (EffectiveInput | null)[] = computed.inputs.length > 0 ? computed.inputs : [null];

    for (const step of steps) {
      const seen = new Set<string>();
      for (const source of this.templateSources(step)) {
        const template = this.parse(source);
        if (!template) continue;
        inputs.forEach((input, i) => this.execute(template, source, input, input ? i : -1, seen));
      }
    }
    return result();
  }

  private problem(kind: RenderProblem["kind"], message: string): void {
    this.problems.push({ kind, file: this.where.file, message });
  }

  private steps(spec: Json): Step[] | null {
    const resources = Array.isArray(spec.resources) ? spec.resources : [];
    const resourcesTemplate = typeof spec.resourcesTemplate === "string" ? spec.resourcesTemplate : "";
    if (!Array.isArray(spec.steps) || spec.steps.length === 0) {
      return [{ name: undefined, resources, resourcesTemplate }];
    }
    if (resources.length > 0 || resourcesTemplate !== "") {
      this.problem(
        "template",
        `ResourceSet ${this.id}: spec.steps is mutually exclusive with spec.resources and spec.resourcesTemplate`,
      );
      return null;
    }
    return spec.steps.map((raw) => {
      const step = asRecord(raw);
      return {
        name: typeof step.name === "string" ? step.name : "",
        resources: Array.isArray(step.resources) ? step.resources : [],
        resourcesTemplate: typeof step.resourcesTemplate === "string" ? step.resourcesTemplate : "",
      };
    });
  }

  private templateSources(step: Step): TemplateSource[] {
    const prefix = step.name === undefined ? "" : `steps[${step.name}].`;
    const sources: TemplateSource[] = step.resources.map((resource, i) => ({
      step: step.name,
      resourceIndex: i,
      label: `${prefix}resources[${i}]`,
      text: marshalGoYaml(resource),
      multiDocument: false,
    }));
    if (step.resourcesTemplate !== "") {
      sources.push({
        step: step.name,
        resourceIndex: -1,
        label: `${prefix}resourcesTemplate`,
        text: step.resourcesTemplate,
        multiDocument: true,
      });
    }
    return sources;
  }

  private parse(source: TemplateSource): GoTemplate | null {
    try {
      return parseGoTemplate(source.text, { delims: DELIMS, functions: RESOURCESET_FUNCTIONS });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      this.problem("template", `ResourceSet ${this.id} ${source.label}: ${error.message}; no input renders`);
      return null;
    }
  }

  private execute(
    template: GoTemplate,
    source: TemplateSource,
    input: EffectiveInput | null,
    inputIndex: number,
    seen: Set<string>,
  ): void {
    const values = input?.values ?? {};
    const origin: TemplateOrigin = {
      resourceSet: this.id,
      file: this.where.file,
      inputIndex,
      inputSource: input?.source ?? "inputs",
      inputName: inputName(values),
      resourceIndex: source.resourceIndex,
      ...(source.step === undefined ? {} : { step: source.step }),
    };
    const reads = new FieldReads(values);
    const functions: FunctionMap = { inputs: () => values };
    let output: string;
    try {
      output = executeGoTemplate(template, { functions, reads });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      this.problem("template", this.executionFailure(error, source, input, origin));
      return;
    } finally {
      this.recordReads(origin, reads.fields());
    }
    const context = `ResourceSet ${this.id}, ${this.inputLabel(input, origin)}, ${source.label}`;
    for (const object of this.readObjects(output, source.multiDocument, context))
      this.add(object, origin, seen);
  }

  private recordReads(origin: TemplateOrigin, fields: string[]): void {
    this.fieldsRead.set(templateExecutionKey(origin), fields);
    const union = this.inputFieldsRead.get(origin.inputIndex) ?? new Set<string>();
    for (const field of fields) union.add(field);
    this.inputFieldsRead.set(origin.inputIndex, union);
  }

  private executionFailure(
    error: TemplateError,
    source: TemplateSource,
    input: EffectiveInput | null,
    origin: TemplateOrigin,
  ): string {
    let message = `ResourceSet ${this.id}, ${this.inputLabel(input, origin)}, ${source.label}: ${error.message}`;
    if (error.code === "missing-key" && error.key !== null) {
      message += `; the input has no field "${error.key}"`;
      if (error.key === "id" && input?.fromStaticProvider) {
        message +=
          " (a Static provider's inputs.id is derived from its cluster UID, which the repository does not hold)";
      }
    }
    return `${message}; flux-operator would stop reconciling the whole ResourceSet`;
  }

  private inputLabel(input: EffectiveInput | null, origin: TemplateOrigin): string {
    if (!input) return "no inputs";
    // The index is where the input stands in the list it came from, written as YAML paths are.
    const name = origin.inputName === null ? "" : ` "${origin.inputName}"`;
    const from = input.source === "inputs" ? `spec.inputs[${origin.inputIndex}]` : `provider ${input.source}`;
    return `input${name} (${from})`;
  }

  private readObjects(output: string, multiDocument: boolean, context: string): Json[] {
    const documents = parseAllDocuments(output);
    const list = Array.isArray(documents) ? documents : [documents];
    const objects: Json[] = [];
    for (const [i, document] of list.entries()) {
      if (!multiDocument && i > 0) break; // a single object is read from `resources` items
      if (document.errors.length > 0) {
        this.problem(
          "yaml",
          `${context}: the rendered YAML does not parse: ${document.errors[0]?.message ?? ""}`,
        );
        continue;
      }
      const value: unknown = document.toJS();
      if (value === null || value === undefined) continue;
      if (!isRecord(value)) {
        this.problem("yaml", `${context}: a rendered document is not an object`);
        continue;
      }
      const items = isListKind(value) ? (value.items as unknown[]).filter(isRecord) : [value];
      for (const item of items) {
        const metadata = asRecord(item.metadata);
        if (!item.apiVersion || !item.kind || !metadata.name) {
          this.problem(
            "yaml",
            `${context}: a rendered object has no apiVersion, kind or metadata.name; flux-operator drops it`,
          );
          continue;
        }
        objects.push(item);
      }
    }
    return objects;
  }

  private add(object: Json, origin: TemplateOrigin, seen: Set<string>): void {
    const metadata = asRecord(object.metadata);
    if (asRecord(metadata.annotations)[RECONCILE_ANNOTATION] === "disabled") return;
    const group = String(object.apiVersion).includes("/") ? String(object.apiVersion).split("/")[0] : "";
    const key = [group, object.kind, metadata.namespace ?? "", metadata.name].join("/");
    if (seen.has(key)) return;
    seen.add(key);
    this.objects.push({
      object: this.withCommonMetadata(object),
      origin: { file: this.where.file, document: this.where.document, kustomization: null, template: origin },
    });
  }

  private withCommonMetadata(object: Json): Json {
    const common = asRecord(asRecord(this.resourceSet.spec).commonMetadata);
    const metadata = { ...asRecord(object.metadata) };
    metadata.labels = {
      ...asRecord(metadata.labels),
      ...stringEntries(common.labels),
      [`${OWNER_GROUP}/name`]: this.name,
      [`${OWNER_GROUP}/namespace`]: this.namespace,
    };
    const annotations = { ...asRecord(metadata.annotations), ...stringEntries(common.annotations) };
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    return { ...object, metadata };
  }
}

function isListKind(value: Json): boolean {
  return typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items);
}

function inputName(values: Json): string | null {
  for (const key of ["name", "id"]) {
    const value = values[key];
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
  }
  return null;
}
