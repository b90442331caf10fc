import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { packagePath } from "../package-path.js";

/** The one Ajv instance of clausecheck; each schema is compiled once, on first use. */
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });

/** schemas/rule.schema.json, parsed. */
export const ruleSchema = JSON.parse(readFileSync(packagePath("schemas", "rule.schema.json"), "utf8")) as Record<string, unknown>;

/** Validates a parsed rule file against schemas/rule.schema.json. */
export const validateRuleSpec: ValidateFunction = ajv.compile(ruleSchema);

