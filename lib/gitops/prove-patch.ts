// Turns decided changes into repository edits that are proven by rendering: for each change it
// finds where the rendered object comes from (a Namespace manifest, a ResourceSet input, a
// platform CNP in whatever folder holds them), tries the candidate source edits one by one, and
// keeps the first whose render differs from the current one by exactly that change. The whole
// patch is then rendered once more against the base: if anything else changes, no patch.
// Pure apart from the injected renderer.

import { parseAllDocuments } from "yaml";
import { asRecord, isRecord } from "@/lib/policy/json-read";
import { join, kustomizationFileOf, parentFolder } from "@/lib/render/kustomize-tree";
import { newProblems, renderDiff } from "@/lib/render/render-diff";
import { renderResourceSet, type ResourceSetRender } from "@/lib/render/resourceset";
import type {
  RenderedObject,
  RepositoryFiles,
  RepositoryRender,
  TemplateOrigin,
} from "@/lib/render/rendered";
import type { AddCnpRules, AddPlatformCnp, GitOpsChange, SetNamespaceLabels } from "./change";
import { changeProblem } from "./change";
import { appendCnpRules } from "./cnp-rules";
import { inputEditCandidates, type LabelOperation, type TextCandidate } from "./input-edit-candidates";
import { addToKustomization } from "./kustomization";
import { patchNamespacesFile } from "./namespaces-file";
import { renderPlatformCnp, type PlatformCnpConventions } from "./platform-cnp";
import { proveRenderedChange } from "./render-proof";
import type { GitOpsPaths } from "./repo-paths";
import { isSafeRepoPath } from "./repo-paths";
import { unifiedDiff, yamlSectionStart } from "./unified-diff";

/** At most this many candidate edits of a ResourceSet input are screened per label. */
const MAX_SCREENED = 32;

export type RenderRepository = (files: RepositoryFiles) => Promise<RepositoryRender>;

/** One file a proven patch creates or edits, with its unified diff. */
export interface FilePatch {
  path: string;
  kind: "create" | "edit";
  before: string | null;
  after: string;
  diff: string;
}

export interface ProvenPatch {
  files: FilePatch[];
  /** "namespace mealie gains label …", …, "nothing else changes". */
  renderProof: string[];
  /** Parts of the change the repository already renders (the cluster drifted from git). */
  alreadyInRepository: string[];
  renderer: string;
}

export type ProvePatchResult = { ok: true; value: ProvenPatch } | { ok: false; reason: string };

export interface ProvePatchOptions {
  /** Hints for where new platform CNPs go when the repository has none yet. */
  paths: GitOpsPaths;
  conventions?: PlatformCnpConventions;
  /** At most this many candidate renders per change (default 8). */
  maxRenders?: number;
}

interface State {
  files: Map<string, string>;
  render: RepositoryRender;
}

type StepResult = { ok: true; state: State; lines: string[] } | { ok: false; reason: string };

function metadataOf(rendered: RenderedObject): Record<string, unknown> {
  return asRecord(rendered.object.metadata);
}

/** The Namespace `name` as applied: when rendered twice, the last copy wins, as in renderDiff. */
function renderedNamespace(render: RepositoryRender, name: string): RenderedObject | undefined {
  return render.objects.filter((o) => o.object.kind === "Namespace" && metadataOf(o).name === name).at(-1);
}

function labelOf(rendered: RenderedObject, key: string): string | undefined {
  const labels = metadataOf(rendered).labels;
  return isRecord(labels) && typeof labels[key] === "string" ? labels[key] : undefined;
}

/** The label's value on the namespace as the repository renders it; undefined when git does not carry it. */
export function renderedNamespaceLabel(
  render: RepositoryRender,
  name: string,
  key: string,
): string | undefined {
  const rendered = renderedNamespace(render, name);
  return rendered ? labelOf(rendered, key) : undefined;
}

function operationChange(op: LabelOperation): SetNamespaceLabels {
  return op.value === undefined
    ? { type: "set-namespace-labels", namespace: op.namespace, set: {}, remove: [op.key] }
    : { type: "set-namespace-labels", namespace: op.namespace, set: { [op.key]: op.value }, remove: [] };
}

function describeOperation(op: LabelOperation): string {
  return op.value === undefined ? `remove label ${op.key}` : `set label ${op.key}=${op.value}`;
}

/** ": the label is also written in F (a kustomize patch or overlay), which Sieve does not edit". */
function overlayHint(files: ReadonlyMap<string, string>, op: LabelOperation, except: string): string {
  const forms = [op.key, op.key.replaceAll("~", "~0").replaceAll("/", "~1")];
  const writers = [...files.keys()]
    .filter((path) => path !== except && forms.some((form) => files.get(path)!.includes(form)))
    .filter((path) => files.get(path)!.includes(op.namespace))
    .sort();
  return writers.length > 0
    ? `: ${op.key} is also written in ${writers.join(", ")} (a kustomize patch or overlay), which Sieve does not edit; change it there`
    : "";
}

/** Files holding a `kind: Namespace` document for `name`, other than `except`. */
function namespaceManifestFiles(files: ReadonlyMap<string, string>, name: string, except: string): string[] {
  const pattern = new RegExp(`^kind:\\s*["']?Namespace["']?\\s*$`, "m");
  return [...files.keys()]
    .filter((path) => path !== except && /\.ya?ml$/.test(path))
    .filter((path) => {
      const text = files.get(path)!;
      return pattern.test(text) && text.includes(name);
    })
    .sort();
}

/** The ResourceSet of `template` in `text`, rendered on its own; null when the file has none. */
function renderTemplateAlone(text: string, template: TemplateOrigin): ResourceSetRender | null {
  const name = template.resourceSet.split("/").pop();
  // Merge keys as kustomize reads them; a file whose aliases explode is not screened.
  const sets = parseAllDocuments(text, { merge: true }).flatMap((doc, document) => {
    if (doc.errors.length > 0) return [];
    let object: unknown;
    try {
      object = doc.toJS();
    } catch {
      return [];
    }
    return isRecord(object) && object.kind === "ResourceSet" ? [{ object, document }] : [];
  });
  const chosen = sets.find((s) => isRecord(s.object.metadata) && s.object.metadata.name === name) ?? sets[0];
  return chosen
    ? renderResourceSet(chosen.object, { file: template.file, document: chosen.document, providers: [] })
    : null;
}

/**
 * A cheap first look at a ResourceSet input edit: the ResourceSet alone, rendered in place
 * before and after, must already show exactly the change. Only edits that pass are rendered
 * with the whole repository.
 */
function screenRender(text: string, template: TemplateOrigin): RepositoryRender {
  const rendered = renderTemplateAlone(text, template);
  return { renderer: "screen", objects: rendered?.objects ?? [], problems: rendered?.problems ?? [] };
}

/**
 * The candidates whose ResourceSet alone already renders exactly `change`, in order: at most
 * `keep` of them, after looking at no more than MAX_SCREENED (each screen renders the whole
 * ResourceSet, so a file of hundreds of inputs must not turn one click into seconds of CPU).
 */
function screenCandidates(
  before: string,
  candidates: readonly TextCandidate[],
  template: TemplateOrigin,
  change: GitOpsChange,
  keep: number,
): TextCandidate[] {
  const old = screenRender(before, template);
  const passed: TextCandidate[] = [];
  for (const candidate of candidates.slice(0, MAX_SCREENED)) {
    const next = screenRender(candidate.text, template);
    if (newProblems(old, next).length === 0 && proveRenderedChange([change], renderDiff(old, next)).ok)
      passed.push(candidate);
    if (passed.length >= keep) break;
  }
  return passed;
}

/** "only labels" — the fields of the input the template read, for the reason of a refusal. */
function fieldsReadText(text: string, template: TemplateOrigin): string {
  const read = renderTemplateAlone(text, template)?.inputFieldsRead.get(template.inputIndex);
  const fields = [...(read ?? [])].filter((f) => f !== "name");
  return fields.length > 0 ? `only ${fields.join(", ")}` : "no field but its name";
}

/** Tries candidates in order; the first whose render is exactly `change` wins. */
async function firstProven(
  state: State,
  candidates: ReadonlyArray<{ path: string; candidate: TextCandidate; extra?: Map<string, string> }>,
  change: GitOpsChange,
  render: RenderRepository,
  maxRenders: number,
): Promise<StepResult> {
  const failures: string[] = [];
  for (const { path, candidate, extra } of candidates.slice(0, maxRenders)) {
    const files = new Map(state.files);
    files.set(path, candidate.text);
    for (const [extraPath, text] of extra ?? []) files.set(extraPath, text);
    const after = await render(files);
    const added = newProblems(state.render, after);
    if (added.length > 0) {
      failures.push(`${candidate.description} in ${path}: the render would fail (${added[0]})`);
      continue;
    }
    const proof = proveRenderedChange([change], renderDiff(state.render, after));
    if (proof.ok)
      return { ok: true, state: { files, render: after }, lines: [`${candidate.description} in ${path}`] };
    failures.push(`${candidate.description} in ${path}: ${proof.reason}`);
  }
  if (candidates.length > maxRenders) failures.push(`${candidates.length - maxRenders} more edits not tried`);
  return { ok: false, reason: failures.join("; ") };
}

async function labelStep(
  state: State,
  op: LabelOperation,
  render: RenderRepository,
  maxRenders: number,
): Promise<StepResult | { ok: "already" }> {
  const copies = state.render.objects.filter(
    (o) => o.object.kind === "Namespace" && metadataOf(o).name === op.namespace,
  );
  if (copies.length > 1) {
    return {
      ok: false,
      reason: `Namespace ${op.namespace} is rendered ${copies.length} times (${copies.map((c) => c.origin.file).join(", ")}): which one Flux applies last depends on the order of its Kustomizations`,
    };
  }
  const namespace = copies[0];
  if (!namespace) {
    return {
      ok: false,
      reason: `no Namespace ${op.namespace} is rendered from the repository, so Sieve cannot tell where its labels are written`,
    };
  }
  if (labelOf(namespace, op.key) === op.value) return { ok: "already" };
  const change = operationChange(op);
  const { origin } = namespace;
  const candidates: Array<{ path: string; candidate: TextCandidate }> = [];
  if (origin.template) {
    const template = origin.template;
    if (template.inputSource !== "inputs") {
      return {
        ok: false,
        reason: `namespace ${op.namespace} is rendered by ResourceSet ${template.resourceSet} from an input of ${template.inputSource}, which is not in the repository`,
      };
    }
    const text = state.files.get(template.file);
    if (text === undefined) return { ok: false, reason: `${template.file} is not in the repository` };
    const name = template.resourceSet.split("/").pop() ?? null;
    let found = inputEditCandidates(text, name, template.inputIndex, op);
    if (typeof found === "string") found = inputEditCandidates(text, null, template.inputIndex, op);
    if (typeof found === "string") return { ok: false, reason: `${template.file}: ${found}` };
    const screened = screenCandidates(text, found, template, change, maxRenders);
    candidates.push(...screened.map((candidate) => ({ path: template.file, candidate })));
    if (candidates.length === 0) {
      return {
        ok: false,
        reason: `namespace ${op.namespace} is rendered by ResourceSet ${template.resourceSet} (${template.file}); no edit of its input ${template.inputName ?? template.inputIndex + 1} makes the template ${describeOperation(op)} without changing anything else (${found.length} edits tried; the template reads ${fieldsReadText(text, template)} of that input)`,
      };
    }
  } else {
    for (const path of [origin.file, ...namespaceManifestFiles(state.files, op.namespace, origin.file)]) {
      const text = state.files.get(path);
      if (text === undefined) continue;
      const patched = patchNamespacesFile(text, change);
      if (patched.ok && patched.changed)
        candidates.push({ path, candidate: { description: describeOperation(op), text: patched.content } });
    }
    if (candidates.length === 0) {
      return {
        ok: false,
        reason: `namespace ${op.namespace} is rendered from ${origin.file}, where no edit can ${describeOperation(op)}${overlayHint(state.files, op, origin.file)}`,
      };
    }
  }
  const result = await firstProven(state, candidates, change, render, maxRenders);
  if (result.ok) return result;
  const where = origin.template
    ? `ResourceSet ${origin.template.resourceSet} (${origin.template.file}) renders namespace ${op.namespace}; no edit of its input ${origin.template.inputName ?? origin.template.inputIndex + 1} makes the render ${describeOperation(op)} and change nothing else`
    : `no edit of ${origin.file} makes the render ${describeOperation(op)} and change nothing else${overlayHint(state.files, op, origin.file)}`;
  return { ok: false, reason: `${where} (tried: ${result.reason})` };
}

function isNamespaceWidePolicy(rendered: RenderedObject): boolean {
  const spec = rendered.object.spec;
  return (
    rendered.object.kind === "CiliumNetworkPolicy" &&
    isRecord(spec) &&
    isRecord(spec.endpointSelector) &&
    Object.keys(spec.endpointSelector).length === 0
  );
}

function policiesOf(render: RepositoryRender, namespace: string): RenderedObject[] {
  return render.objects.filter(
    (o) => o.object.kind === "CiliumNetworkPolicy" && metadataOf(o).namespace === namespace,
  );
}

async function cnpRulesStep(
  state: State,
  change: AddCnpRules,
  render: RenderRepository,
  maxRenders: number,
): Promise<StepResult> {
  const policies = policiesOf(state.render, change.namespace);
  const policy = policies.find(isNamespaceWidePolicy) ?? (policies.length === 1 ? policies[0] : undefined);
  if (!policy) {
    return {
      ok: false,
      reason:
        policies.length === 0
          ? `no CiliumNetworkPolicy of namespace ${change.namespace} is rendered from the repository`
          : `namespace ${change.namespace} has ${policies.length} CiliumNetworkPolicies and none selects the whole namespace`,
    };
  }
  if (policy.origin.template) {
    return {
      ok: false,
      reason: `the policy of ${change.namespace} is rendered from a ResourceSet template (${policy.origin.file}); edit the template by hand`,
    };
  }
  const text = state.files.get(policy.origin.file);
  if (text === undefined) return { ok: false, reason: `${policy.origin.file} is not in the repository` };
  const patched = appendCnpRules(text, change);
  if (!patched.ok) return { ok: false, reason: `${policy.origin.file}: ${patched.error}` };
  if (!patched.changed) return { ok: true, state, lines: [] };
  const candidate = { description: `add rules to the policy of ${change.namespace}`, text: patched.content };
  return firstProven(state, [{ path: policy.origin.file, candidate }], change, render, maxRenders);
}

/** The folder most namespace-wide CNPs of the repository come from, or the configured hint. */
function platformFolder(state: State, hint: string): string {
  const counts = new Map<string, number>();
  for (const rendered of state.render.objects) {
    if (!isNamespaceWidePolicy(rendered) || rendered.origin.template) continue;
    const folder = parentFolder(rendered.origin.file);
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best ? best[0] : hint;
}

async function platformCnpStep(
  state: State,
  change: AddPlatformCnp,
  options: ProvePatchOptions,
  render: RenderRepository,
): Promise<StepResult> {
  if (policiesOf(state.render, change.namespace).some(isNamespaceWidePolicy)) {
    return {
      ok: false,
      reason: `namespace ${change.namespace} already has a namespace-wide CiliumNetworkPolicy; add rules to it instead`,
    };
  }
  const rendered = renderPlatformCnp(change, options.conventions);
  if (!rendered.ok) return { ok: false, reason: rendered.error };
  const folder = platformFolder(state, options.paths.platformCnpDir);
  const path = join(folder, rendered.fileName);
  if (!isSafeRepoPath(path)) return { ok: false, reason: `"${path}" is not a safe repository path` };
  if (state.files.has(path)) return { ok: false, reason: `${path} already exists` };
  const extra = new Map<string, string>();
  const kustomization = kustomizationFileOf(state.files, folder);
  if (kustomization) {
    const listed = addToKustomization(state.files.get(kustomization)!, rendered.fileName);
    if (!listed.ok) return { ok: false, reason: `${kustomization}: ${listed.error}` };
    extra.set(kustomization, listed.content);
  }
  const candidate = {
    description: `add ${rendered.fileName}${kustomization ? ` and list it in ${kustomization}` : ""}`,
    text: rendered.content,
  };
  return firstProven(state, [{ path, candidate, extra }], change, render, 1);
}

function filePatches(before: RepositoryFiles, after: ReadonlyMap<string, string>): FilePatch[] {
  const patches: FilePatch[] = [];
  for (const [path, text] of [...after].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const old = before.get(path) ?? null;
    if (old === text) continue;
    patches.push({
      path,
      kind: old === null ? "create" : "edit",
      before: old,
      after: text,
      diff: unifiedDiff(old, text, path, { isSectionStart: yamlSectionStart }),
    });
  }
  return patches;
}

function labelOperations(change: SetNamespaceLabels): LabelOperation[] {
  return [
    ...Object.entries(change.set).map(([key, value]) => ({ namespace: change.namespace, key, value })),
    ...change.remove.map((key) => ({ namespace: change.namespace, key, value: undefined })),
  ];
}

/**
 * Edits `files` so that their render differs from `base` (their current render) by exactly
 * `changes`, or says why no edit does.
 */
export async function provePatch(
  changes: readonly GitOpsChange[],
  files: RepositoryFiles,
  base: RepositoryRender,
  render: RenderRepository,
  options: ProvePatchOptions,
): Promise<ProvePatchResult> {
  for (const change of changes) {
    const problem = changeProblem(change);
    if (problem) return { ok: false, reason: problem };
  }
  const maxRenders = options.maxRenders ?? 8;
  let state: State = { files: new Map(files), render: base };
  const already: string[] = [];
  const effective: GitOpsChange[] = [];
  for (const change of changes) {
    if (change.type === "set-namespace-labels") {
      const done: LabelOperation[] = [];
      for (const op of labelOperations(change)) {
        const step = await labelStep(state, op, render, maxRenders);
        if (step.ok === "already") {
          already.push(`namespace ${op.namespace}: ${describeOperation(op)} (already so in the repository)`);
          continue;
        }
        if (!step.ok) return step;
        state = step.state;
        done.push(op);
      }
      if (done.length > 0)
        effective.push({
          ...change,
          set: Object.fromEntries(done.flatMap((op) => (op.value === undefined ? [] : [[op.key, op.value]]))),
          remove: done.filter((op) => op.value === undefined).map((op) => op.key),
        });
      continue;
    }
    const step =
      change.type === "add-cnp-rules"
        ? await cnpRulesStep(state, change, render, maxRenders)
        : await platformCnpStep(state, change, options, render);
    if (!step.ok) return step;
    if (step.state !== state) effective.push(change);
    state = step.state;
  }
  if (effective.length === 0) {
    return {
      ok: false,
      reason:
        already.length > 0
          ? `the repository already renders this: ${already.join("; ")}`
          : "there is nothing to change",
    };
  }
  // Each step rendered the files as they stood after it, so the last step's render is the whole
  // patch's: it is compared with the base as one.
  const final = state.render;
  const broken = newProblems(base, final);
  if (broken.length > 0) return { ok: false, reason: `the patched repository does not render: ${broken[0]}` };
  const proof = proveRenderedChange(effective, renderDiff(base, final));
  if (!proof.ok)
    return { ok: false, reason: `rendered together, the edits do not prove out: ${proof.reason}` };
  return {
    ok: true,
    value: {
      files: filePatches(files, state.files),
      renderProof: proof.lines,
      alreadyInRepository: already,
      renderer: final.renderer,
    },
  };
}
