/**
 * Validators for the outputs added with the report formats: the SARIF 2.1.0 schema shipped in
 * schemas/ (it declares JSON Schema 2020-12, so it gets ajv's 2020 class, with formats), and
 * the JSON-lines schema, compiled on the same ajv instance as the report schema it refers to.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Log } from "sarif";
import type { DiffReport, DocumentError, DocumentReport, RuleChange } from "../../src/index.js";
import { repoRoot } from "./cli.js";
import { ajv } from "./schemas.js";

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, "schemas", name), "utf8")) as Record<string, unknown>;
}

export const sarifSchema = readSchema("sarif-schema-2.1.0.json");
export const reportLineSchema = readSchema("report-line.schema.json");

/** Strict, except `strictRequired`: the SARIF schema names, inside anyOf, properties its parent declares. */
const ajv2020 = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats.default(ajv2020);

export const validateSarif: ValidateFunction<Log> = ajv2020.compile<Log>(sarifSchema);
export const validateReportLine: ValidateFunction<DocumentReport | DocumentError> = ajv.compile<DocumentReport | DocumentError>(reportLineSchema);

export const diffSchema = readSchema("diff.schema.json");
export const diffLineSchema = readSchema("diff-line.schema.json");
/** The comparison's schemas, on the instance that holds the report schema they refer to. */
export const validateDiff: ValidateFunction<DiffReport> = ajv.compile<DiffReport>(diffSchema);
export const validateDiffLine: ValidateFunction<RuleChange> = ajv.compile<RuleChange>(diffLineSchema);
