import { isAbsolute, relative } from "node:path";

/** A path as a user reads it: relative to the working folder when it lies inside it. */
export function displayPath(p: string): string {
  if (!isAbsolute(p)) return p;
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : p;
}
