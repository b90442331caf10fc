import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { packagePath } from "../package-path.js";

/** The one Ajv instance of clausecheck; each schema is compiled once, on first use. */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });

const ruleSchema = JSON.parse(readFileSync(packagePath("schemas", "rule.schema.json"), "utf8")) as Record<string, unknown>;

/** Validates a parsed rule file against schemas/rule.schema.json. */
export const validateRuleSpec: ValidateFunction = ajv.compile(ruleSchema);

/** The keys allowed by the schema object at an ajv `schemaPath` ending in /additionalProperties. */
export function ruleSchemaKeys(schemaPath: string): string[] {
  const parts = schemaPath.replace(/^#\//, "").split("/").slice(0, -1);
  let node: unknown = ruleSchema;
  for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== "$schema") : [];
}
