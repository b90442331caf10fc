/**
 * Whether standard output takes colours, decided when asked. picocolors decides once, when it
 * is loaded; clausecheck may start from a V8 start-up snapshot (scripts/build-snapshot.mjs),
 * where "when it is loaded" was the build, without a terminal. The test is picocolors' own.
 */
export function colorSupported(): boolean {
  const env = process.env;
  const argv = process.argv;
  if (env.NO_COLOR || argv.includes("--no-color")) return false;
  return Boolean(env.FORCE_COLOR || argv.includes("--color") || process.platform === "win32" || (process.stdout.isTTY && env.TERM !== "dumb") || env.CI);
}
