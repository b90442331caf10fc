import { readFileSync } from "node:fs";
import { packagePath } from "./package-path.js";

/** clausecheck's version, from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
