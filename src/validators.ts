import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import { packagePath } from "./package-path.js";

/**
 * The JSON Schema validators clausecheck runs on its inputs: rule files, config files and
 * sidecar waiver files. The build compiles each schema once into code (ajv standalone,
 * dist/validators/*.cjs), so a run does not pay for compiling them (300+ ms for a large
 * schema, measured in STACK.md); from sources (tests) they are compiled on first use by the
 * one Ajv instance here.
 */

/** A validation function in ajv's shape. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The schemas validated, by name; `sidecar` is a definition inside the config schema. */
export type SchemaName = "rule" | "config" | "sidecar" | "vocabulary";

const require = createRequire(import.meta.url);
const validators = new Map<SchemaName, Validator>();
const schemas = new Map<string, Record<string, unknown>>();

/** A schema file of schemas/, parsed once. */
export function schema(name: "rule" | "config" | "vocabulary"): Record<string, unknown> {
  let s = schemas.get(name);
  if (!s) {
    s = JSON.parse(readFileSync(packagePath("schemas", `${name}.schema.json`), "utf8")) as Record<string, unknown>;
    schemas.set(name, s);
  }
  return s;
}

/** The validator for a schema: precompiled when built, else compiled now. */
export function validator(name: SchemaName): Validator {
  let v = validators.get(name);
  if (v) return v;
  try {
    v = require(packagePath("dist", "validators", `${name}.cjs`)) as Validator;
  } catch {
    v = compileValidator(name);
  }
  validators.set(name, v);
  return v;
}

/** The options every validator is compiled with (the build script uses them too). */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;

let ajv: { compile(s: object): Validator; addSchema(s: object, key: string): unknown } | undefined;

function compileValidator(name: SchemaName): Validator {
  if (!ajv) {
    const { Ajv } = require("ajv") as { Ajv: new (o: object) => NonNullable<typeof ajv> };
    ajv = new Ajv(AJV_OPTIONS);
    ajv.addSchema(schema("config"), "config");
  }
  if (name === "sidecar") return ajv.compile({ $ref: "config#/definitions/sidecar" });
  if (name === "config") return ajv.compile({ $ref: "config" });
  return ajv.compile(schema(name));
}
