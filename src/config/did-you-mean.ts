/**
 * "Did you mean …?" for config errors: a misspelt key is compared with the
 * keys the schema allows at that place, a wrong enum value with the values
 * it allows. The schema is walked by the issue's path, so the suggestion can
 * never name a key that would be refused in turn.
 */
import type { z } from "zod";
import { closest } from "./placeholders.js";

/** The subset of a zod issue this needs (zod v4's `unrecognized_keys` and `invalid_value`). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  keys?: string[];
  values?: unknown[];
}

/** The suggestion for one issue, or undefined. */
export function didYouMean(schema: z.ZodType, issue: IssueLike, raw: unknown): string | undefined {
  if (issue.code === "unrecognized_keys" && issue.keys?.length) {
    const allowed = keysAt(schema, issue.path);
    const pairs = issue.keys
      .map((key) => [key, closest(key, allowed)] as const)
      .filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
    return pairs.length > 0 ? pairs.map(([, near]) => near).join(", ") : undefined;
  }
  if (issue.code === "invalid_value" && issue.values?.every((v) => typeof v === "string")) {
    const given = valueAt(raw, issue.path);
    return typeof given === "string" ? closest(given, issue.values as string[]) : undefined;
  }
  return undefined;
}

/** The keys an object in the schema at `path` allows (all options' keys for a union). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes = [schema];
  for (const step of path) nodes = nodes.flatMap((node) => childrenAt(node, step));
  return [
    ...new Set(nodes.flatMap((node) => objectsOf(node).flatMap((o) => Object.keys(shapeOf(o))))),
  ];
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (node: z.ZodType) => (node as unknown as { _zod: { def: Def } })._zod.def;
const shapeOf = (node: z.ZodType) => defOf(node).shape ?? {};

/** The object schemas `node` stands for, through optional/default/pipe/union wrappers. */
function objectsOf(node: z.ZodType): z.ZodType[] {
  const def = defOf(node);
  if (def.type === "object") return [node];
  if (def.innerType) return objectsOf(def.innerType);
  if (def.type === "pipe" && def.in) return objectsOf(def.in);
  if (def.type === "union") return (def.options ?? []).flatMap(objectsOf);
  return [];
}

/** What the schema allows under key or index `step` of `node`. */
function childrenAt(node: z.ZodType, step: PropertyKey): z.ZodType[] {
  const def = defOf(node);
  if (def.innerType) return childrenAt(def.innerType, step);
  if (def.type === "pipe" && def.in) return childrenAt(def.in, step);
  if (def.type === "union") return (def.options ?? []).flatMap((o) => childrenAt(o, step));
  if (def.type === "record" && def.valueType) return [def.valueType];
  if (def.type === "array" && def.element) return [def.element];
  if (def.type === "object") {
    const child = shapeOf(node)[String(step)];
    return child ? [child] : [];
  }
  return [];
}

/** The raw config's value at `path`. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const step of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}
