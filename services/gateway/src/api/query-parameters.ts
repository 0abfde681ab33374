import type { z } from "zod";

type QueryValue = string | ReadonlyArray<string> | undefined;

const looksNumeric = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** A query-string leaf as the JSON value it most likely stands for (numbers, booleans). */
const leafValue = (text: string): unknown => {
  if (text === "true") return true;
  if (text === "false") return false;
  if (looksNumeric.test(text)) return Number(text);
  return text;
};

/** The shape of a zod object schema, if it is one. */
const shapeOf = (schema: z.ZodType): Readonly<Record<string, z.ZodType>> | undefined => {
  const shape = (schema as unknown as { readonly shape?: unknown }).shape;
  return typeof shape === "object" && shape !== null
    ? (shape as Readonly<Record<string, z.ZodType>>)
    : undefined;
};

/**
 * The value of one parameter from its query-string text, by its schema: the text as it
 * is when the schema takes a string, else the number or boolean it spells, else its JSON;
 * what nothing fits stays the text, so the schema names the field and the rule.
 */
export const parameterValue = (schema: z.ZodType | undefined, value: QueryValue): unknown => {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    const items = value.map((item) => parameterValue(undefined, item));
    if (schema === undefined || schema.safeParse(items).success) return items;
    return value;
  }
  if (schema === undefined) return leafValue(value);
  if (schema.safeParse(value).success) return value;
  const leaf = leafValue(value);
  if (leaf !== value && schema.safeParse(leaf).success) return leaf;
  if (value.startsWith("{") || value.startsWith("[")) {
    try {
      const json: unknown = JSON.parse(value);
      if (schema.safeParse(json).success) return json;
    } catch {
      // Not JSON: left as text for the schema to refuse.
    }
  }
  return value;
};

/**
 * A query's parameters read by a query contract's input schema: each known parameter
 * converted as {@link parameterValue} says, dotted names (`point.latitude=31.2`) gathered
 * into objects, and unknown names kept as they are so the strict schema refuses them by
 * name. `__proto__`-like names are kept as data, never as a prototype.
 */
export const queryParameters = (
  input: z.ZodType,
  query: Readonly<Record<string, unknown>>,
): Record<string, unknown> => {
  const shape = shapeOf(input) ?? {};
  const parameters: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const nested: Record<string, Record<string, unknown>> = Object.create(null) as Record<
    string,
    Record<string, unknown>
  >;
  for (const [name, raw] of Object.entries(query)) {
    const value = (typeof raw === "string" || Array.isArray(raw) ? raw : String(raw)) as QueryValue;
    const dot = name.indexOf(".");
    if (dot > 0 && Object.hasOwn(shape, name.slice(0, dot))) {
      const parent = name.slice(0, dot);
      const child = name.slice(dot + 1);
      const group = nested[parent] ?? (Object.create(null) as Record<string, unknown>);
      nested[parent] = group;
      group[child] = typeof value === "string" ? leafValue(value) : value;
      continue;
    }
    parameters[name] = parameterValue(Object.hasOwn(shape, name) ? shape[name] : undefined, value);
  }
  for (const [parent, group] of Object.entries(nested)) parameters[parent] = { ...group };
  return { ...parameters };
};
