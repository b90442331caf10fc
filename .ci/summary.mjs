// Prints the closing "N passed, N failed[, N skipped]" line from vitest's JSON report.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-results.json";
let results;
try {
  results = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.log("0 passed, 1 failed");
  console.error(`no test results in ${file}: the test run did not complete`);
  process.exit(1);
}
const skipped = results.numPendingTests + results.numTodoTests;
const failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (results.numTotalTests === 0) process.exit(1);
