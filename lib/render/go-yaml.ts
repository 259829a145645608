// YAML text as flux-operator's Go code writes it (sigs.k8s.io/yaml: JSON first, then go-yaml v2):
// map keys sorted, block sequences not indented under their key, strings plain when YAML allows
// and double-quoted otherwise ("true", "5432", "a: b"), multi-line strings as literal blocks,
// a trailing newline. Used for the text of `spec.resources` templates and for `toYaml`, so that
// `nindent` and `quote` inside a template behave as they do in the cluster.
//
// Known difference: go-yaml v2 may fold plain strings longer than 80 characters; this writer never
// folds (a template action split across lines is unaffected either way once parsed back).

import { stringify } from "yaml";
import { toJsonValue } from "./go-template";

export function marshalGoYaml(value: unknown): string {
  return stringify(toJsonValue(value), {
    sortMapEntries: true,
    indentSeq: false,
    lineWidth: 0,
    singleQuote: false,
    blockQuote: "literal",
    aliasDuplicateObjects: false,
  });
}
