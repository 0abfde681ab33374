/**
 * JSON Schema (as zod 4's `z.toJSONSchema` writes it) as short text for the generated
 * references: a TypeScript-like type for each schema, and the limits it sets.
 */

/** The part of a JSON Schema the references read. */
export interface JsonSchema {
  readonly type?: string | ReadonlyArray<string>;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: ReadonlyArray<string>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly prefixItems?: ReadonlyArray<JsonSchema>;
  readonly enum?: ReadonlyArray<unknown>;
  readonly const?: unknown;
  readonly anyOf?: ReadonlyArray<JsonSchema>;
  readonly oneOf?: ReadonlyArray<JsonSchema>;
  readonly allOf?: ReadonlyArray<JsonSchema>;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly format?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
  readonly description?: string;
  readonly [keyword: string]: unknown;
}

/** Whether a schema is core's `LocalizedText`: an object of exactly `zh-CN` and `en` strings. */
export const isLocalizedText = (schema: JsonSchema): boolean => {
  const keys = Object.keys(schema.properties ?? {});
  return (
    schema.type === "object" && keys.length === 2 && keys.includes("zh-CN") && keys.includes("en")
  );
};

const refName = (ref: string): string => ref.split("/").at(-1) ?? ref;

const formatText = (schema: JsonSchema): string | undefined => {
  switch (schema.format) {
    case "date-time":
      return "instant (ISO 8601)";
    case "date":
      return "date (YYYY-MM-DD)";
    case undefined:
      return undefined;
    default:
      return schema.format;
  }
};

const alternatives = (schema: JsonSchema): ReadonlyArray<JsonSchema> | undefined =>
  schema.anyOf ?? schema.oneOf;

/**
 * A one-line type for a schema: `string`, `integer`, `"a" | "b"`, `string[]`, a record,
 * `text in zh-CN and en`; an object with properties is `object` (the references list
 * its fields, or {@link typeBlock} writes them out).
 *
 * @example
 * typeText({ type: "array", items: { type: "string", enum: ["zh-CN", "en"] } }); // '("zh-CN" | "en")[]'
 */
export const typeText = (schema: JsonSchema): string => {
  if (schema.$ref !== undefined) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum !== undefined)
    return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const options = alternatives(schema);
  if (options !== undefined) return options.map(typeText).join(" | ");
  if (schema.allOf !== undefined) return schema.allOf.map(typeText).join(" & ");
  if (typeof schema.type !== "string" && schema.type !== undefined) return schema.type.join(" | ");
  switch (schema.type) {
    case "array": {
      const item = schema.items === undefined ? "unknown" : typeText(schema.items);
      return item.includes(" ") ? `(${item})[]` : `${item}[]`;
    }
    case "object": {
      if (isLocalizedText(schema)) return "text in zh-CN and en";
      if (schema.properties !== undefined && Object.keys(schema.properties).length > 0) {
        return "object";
      }
      if (typeof schema.additionalProperties === "object") {
        const key = schema.propertyNames === undefined ? "string" : typeText(schema.propertyNames);
        return `{ [${key}]: ${typeText(schema.additionalProperties)} }`;
      }
      return "object";
    }
    case "string":
      return formatText(schema) ?? "string";
    case undefined:
      return "unknown";
    default:
      return schema.type;
  }
};

/**
 * The limits a schema sets, as short text: `0 to 240`, `at most 24 items`,
 * `` matches `^[a-z]…$` ``.
 *
 * @example
 * limitsText({ type: "integer", minimum: 0, maximum: 240 }); // "0 to 240"
 */
export const limitsText = (schema: JsonSchema): string => {
  const parts: string[] = [];
  const range = (low: number | undefined, high: number | undefined, unit: string): void => {
    if (low !== undefined && high !== undefined) parts.push(`${low} to ${high}${unit}`);
    else if (low !== undefined)
      parts.push(`at least ${low}${low === 1 ? unit.replace(/s$/, "") : unit}`);
    else if (high !== undefined) parts.push(`at most ${high}${unit}`);
  };
  const low =
    schema.minimum ??
    (schema.exclusiveMinimum === undefined ? undefined : `> ${schema.exclusiveMinimum}`);
  const high =
    schema.maximum ??
    (schema.exclusiveMaximum === undefined ? undefined : `< ${schema.exclusiveMaximum}`);
  if (typeof low === "string" || typeof high === "string") {
    parts.push([low, high].filter((part) => part !== undefined).join(", "));
  } else {
    range(low, high, "");
  }
  range(schema.minItems, schema.maxItems, " items");
  range(schema.minLength, schema.maxLength, " characters");
  if (schema.pattern !== undefined) parts.push(`matches \`${schema.pattern}\``);
  return parts.join("; ");
};

const indentOf = (depth: number): string => "  ".repeat(depth);

const propertyLines = (schema: JsonSchema, depth: number): string[] => {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
    const limits = limitsText(property);
    const comment = limits === "" ? "" : ` // ${limits}`;
    return `${indentOf(depth + 1)}${key}${required.has(name) ? "" : "?"}: ${block(property, depth + 1)};${comment}`;
  });
};

// A schema written out over several lines where it has properties.
const block = (schema: JsonSchema, depth: number): string => {
  const options = alternatives(schema);
  if (options?.some((option) => option.properties !== undefined)) {
    return options.map((option) => block(option, depth)).join(" | ");
  }
  if (
    schema.type === "array" &&
    schema.items !== undefined &&
    schema.items.properties !== undefined
  ) {
    return `Array<${block(schema.items, depth)}>`;
  }
  if (
    schema.type === "object" &&
    typeof schema.additionalProperties === "object" &&
    schema.additionalProperties.properties !== undefined
  ) {
    const key = schema.propertyNames === undefined ? "string" : typeText(schema.propertyNames);
    return `{ [${key}]: ${block(schema.additionalProperties, depth)} }`;
  }
  if (
    schema.type === "object" &&
    schema.properties !== undefined &&
    Object.keys(schema.properties).length > 0 &&
    !isLocalizedText(schema)
  ) {
    return ["{", ...propertyLines(schema, depth), `${indentOf(depth)}}`].join("\n");
  }
  return typeText(schema);
};

/**
 * A schema written out as a TypeScript-like type over several lines, each field with
 * its limits as a comment, and the shared definitions (`$defs`) after it.
 *
 * @example
 * typeBlock({ type: "object", properties: { limit: { type: "integer", minimum: 1 } } });
 * // "{\n  limit?: integer; // at least 1\n}"
 */
export const typeBlock = (schema: JsonSchema): string => {
  const definitions = Object.entries(schema.$defs ?? {}).map(
    ([name, definition]) => `\n\n${name} = ${block(definition, 0)}`,
  );
  return `${block(schema, 0)}${definitions.join("")}`;
};
