/**
 * The JSON Schemas of clausecheck's outputs, compiled once by one strict ajv instance
 * (the way pipelines are expected to load them).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Agreement, Report } from "../../src/index.js";
import { repoRoot } from "./cli.js";

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, "schemas", name), "utf8")) as Record<string, unknown>;
}

/** The schema files as parsed JSON. */
export const agreementSchema = readSchema("agreement.schema.json");
export const reportSchema = readSchema("report.schema.json");

/** One instance for both schemas: strict (unknown keywords, missing types… are errors) and reporting every error. */
export const ajv = new Ajv({ strict: true, allErrors: true });

export const validateAgreement: ValidateFunction<Agreement> = ajv.compile<Agreement>(agreementSchema);
export const validateReport: ValidateFunction<Report> = ajv.compile<Report>(reportSchema);

/** ajv's errors as `instancePath keyword: message` lines, for a readable assertion failure. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}
