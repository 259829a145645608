// The function library flux-operator gives ResourceSet templates (internal/builder/resourceset.go,
// newTemplate): slim-sprig's HermeticTxtFuncMap, plus `slugify` (gosimple/slug with MaxLength 63
// and smart truncation), `inputs` (the current input set), `toYaml` and `mustToYaml`
// (sigs.k8s.io/yaml.Marshal; unlike Helm's, the output keeps its trailing newline).
// Helm's `required`, `include` and `tpl` are not there: a template calling them fails to parse.

import { arity, asString, FunctionError, SPRIG_FUNCTIONS, type FunctionMap } from "./go-template";
import { marshalGoYaml } from "./go-yaml";

const SLUG_MAX_LENGTH = 63;

/** gosimple/slug.Make for the English defaults: transliterate, lowercase, dashes, at most 63 characters. */
export function slugify(text: string): string {
  let slug = text
    .replaceAll("&", " and ")
    .replaceAll("@", " at ")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9\-_]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
  if (slug.length > SLUG_MAX_LENGTH) {
    // Smart truncation: cut at the last dash that keeps whole words.
    const cut = slug.slice(0, SLUG_MAX_LENGTH + 1);
    const lastDash = cut.lastIndexOf("-");
    slug = lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, SLUG_MAX_LENGTH);
  }
  return slug;
}

/** `inputs` is replaced per execution with a function returning the input set. */
export const RESOURCESET_FUNCTIONS: FunctionMap = {
  ...SPRIG_FUNCTIONS,
  slugify: (args) => {
    arity("slugify", args, 1);
    return slugify(asString(args[0]));
  },
  inputs: () => ({}),
  toYaml: (args) => {
    arity("toYaml", args, 1);
    return marshalGoYaml(args[0]);
  },
  mustToYaml: (args) => {
    arity("mustToYaml", args, 1);
    if (typeof args[0] === "function") throw new FunctionError("cannot marshal a function");
    return marshalGoYaml(args[0]);
  },
};
