import { readBoundedText } from "../read-bounded.js";
import { displayPath } from "../display-path.js";
import type { RuleProblem } from "./load-rules.js";

/**
 * Rule problems as a lawyer reads them: `file:line:column  code  message`, then the lines
 * around the place with a caret under the column (as Vale prints rule errors).
 */
export function formatRuleProblems(problems: RuleProblem[], context = 1): string {
  const cache = new Map<string, string[]>();
  const linesOf = (file: string) => {
    let lines = cache.get(file);
    if (!lines) {
      try {
        lines = readBoundedText(file, "rule file").split(/\r?\n/);
      } catch {
        lines = [];
      }
      cache.set(file, lines);
    }
    return lines;
  };
  const out: string[] = [];
  for (const p of problems) {
    out.push(`${displayPath(p.file)}:${p.line}:${p.column}  ${p.code}  ${p.message}`);
    const lines = linesOf(p.file);
    const from = Math.max(1, p.line - context);
    const to = Math.min(lines.length, p.line + context);
    const width = String(to).length;
    for (let n = from; n <= to; n++) {
      out.push(`  ${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`);
      if (n === p.line) out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, p.column - 1))}^`);
    }
    out.push("");
  }
  return out.join("\n");
}
