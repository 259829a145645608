// Which fields of the data a template execution read, as dotted paths ("profile",
// "access.postgres", "apps[0].name"). Used to tell which input fields a rendered object depends on
// (an edit to any other field cannot change it).
//
// Rules:
// - reading a scalar field records its path, and so does reading a missing key (adding the key
//   would change the output);
// - walking through a map or list records nothing by itself;
// - a map or list used whole (printed, passed to a function such as toYaml or len, ranged over)
//   records its path; the whole data used whole records "*";
// - a map or list only tested for emptiness (if, with, and, or, not) records its path only when it
//   is empty (then any added entry could change the output).

import { isList, isMap, isTrue } from "./values";

export const WHOLE_DATA = "*";

export class FieldReads {
  private readonly paths = new WeakMap<object, string>();
  private readonly read = new Set<string>();

  /** Marks `value` as the root of the tracked data. */
  constructor(root: unknown) {
    if (isContainer(root)) this.paths.set(root, "");
  }

  /** Records the read of `key` (a map key, or a list index) on `receiver`, which returned `value`. */
  access(receiver: unknown, key: string | number, value: unknown, found = true): void {
    if (!isContainer(receiver)) return;
    const parent = this.paths.get(receiver);
    if (parent === undefined) return;
    const path = typeof key === "number" ? `${parent}[${key}]` : parent === "" ? key : `${parent}.${key}`;
    if (found && isContainer(value)) {
      if (!this.paths.has(value)) this.paths.set(value, path);
      return;
    }
    this.read.add(path);
  }

  /** Follows `key` of `receiver` without recording it (its container was already used whole). */
  enter(receiver: unknown, key: string | number, value: unknown): void {
    if (isContainer(value)) this.access(receiver, key, value);
  }

  /** Records a whole map or list as read. */
  use(value: unknown): void {
    if (!isContainer(value)) return;
    const path = this.paths.get(value);
    if (path !== undefined) this.read.add(path === "" ? WHOLE_DATA : path);
  }

  /** Records a map or list tested for emptiness (if/with/and/or/not). */
  test(value: unknown): void {
    if (!isTrue(value)) this.use(value);
  }

  fields(): string[] {
    return [...this.read].sort();
  }
}

function isContainer(value: unknown): value is object {
  return isMap(value) || isList(value);
}
