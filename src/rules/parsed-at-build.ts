import { readFileSync } from "node:fs";
import { packagePath } from "../package-path.js";

let buildCache: Map<string, unknown> | undefined;

/**
 * The data of a bundled YAML file (a rule or a vocabulary) that the build parsed
 * (dist/parsed-rules.json), when its text is unchanged: a run then skips the YAML parser, the
 * largest part of a cold start (and for a rule the schema check, which the build made).
 * Undefined when running from sources or for any other text.
 */
export function parsedAtBuild(text: string): unknown {
  if (!buildCache) {
    buildCache = new Map();
    try {
      const entries = JSON.parse(readFileSync(packagePath("dist", "parsed-rules.json"), "utf8")) as [string, unknown][];
      buildCache = new Map(entries);
    } catch {
      // Not built (running from sources): parse every file.
    }
  }
  return buildCache.get(text);
}
