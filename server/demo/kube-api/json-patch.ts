import "server-only";

export class JsonPatchError extends Error {}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new JsonPatchError(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(
  document: unknown,
  path: string,
): { container: Record<string, unknown> | unknown[]; key: string } {
  const parts = pointer(path);
  const key = parts.pop();
  if (key === undefined) throw new JsonPatchError("the root cannot be patched");
  let container: unknown = document;
  for (const part of parts) {
    container =
      typeof container === "object" && container !== null
        ? (container as Record<string, unknown>)[part]
        : undefined;
    if (typeof container !== "object" || container === null)
      throw new JsonPatchError(`path "${path}" does not exist`);
  }
  if (typeof container !== "object" || container === null)
    throw new JsonPatchError(`path "${path}" does not exist`);
  return { container: container as Record<string, unknown> | unknown[], key };
}

function read(document: unknown, path: string): unknown {
  const { container, key } = parentOf(document, path);
  const value = Array.isArray(container) ? container[Number(key)] : container[key];
  if (value === undefined) throw new JsonPatchError(`path "${path}" does not exist`);
  return value;
}

function write(document: unknown, path: string, value: unknown, insert: boolean): void {
  const { container, key } = parentOf(document, path);
  if (Array.isArray(container)) {
    const index = key === "-" ? container.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > container.length)
      throw new JsonPatchError(`bad index in "${path}"`);
    container.splice(index, insert ? 0 : 1, structuredClone(value));
  } else container[key] = structuredClone(value);
}

function erase(document: unknown, path: string): void {
  read(document, path);
  const { container, key } = parentOf(document, path);
  if (Array.isArray(container)) container.splice(Number(key), 1);
  else delete container[key];
}

/** RFC 6902 JSON patch (`kubectl patch --type=json`). */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new JsonPatchError("a JSON patch must be a list of operations");
  const document = structuredClone(target);
  for (const operation of operations as Operation[]) {
    switch (operation.op) {
      case "add":
        write(document, operation.path, operation.value, true);
        break;
      case "replace":
        read(document, operation.path);
        write(document, operation.path, operation.value, false);
        break;
      case "remove":
        erase(document, operation.path);
        break;
      case "test":
        if (JSON.stringify(read(document, operation.path)) !== JSON.stringify(operation.value)) {
          throw new JsonPatchError(`test failed at "${operation.path}"`);
        }
        break;
      case "copy":
      case "move": {
        const value = read(document, operation.from ?? "");
        if (operation.op === "move") erase(document, operation.from ?? "");
        write(document, operation.path, value, true);
        break;
      }
      default:
        throw new JsonPatchError(`unknown JSON patch operation "${String(operation.op)}"`);
    }
  }
  return document;
}
