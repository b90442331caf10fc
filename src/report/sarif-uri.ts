import { isAbsolute, sep } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * A document path as a SARIF artifact URI: a relative path with forward slashes, each segment
 * percent-encoded (spaces, `#`, `%`), so that code-scanning tools resolve it against the
 * checkout; an absolute path as a `file://` URL.
 */
export function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(sep === "\\" ? /[\\/]/ : "/")
    .map((segment) => (segment === "." || segment === ".." ? segment : encodeURIComponent(segment)))
    .join("/");
}
