import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** The package's root folder, whether running from src/ (tests) or dist/ (built). */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A path inside the installed package, e.g. packagePath("rules") for the bundled rules. */
export function packagePath(...parts: string[]): string {
  return join(root, ...parts);
}
