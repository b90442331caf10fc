/**
 * Whether standard output takes colours, decided when asked rather than once when picocolors is
 * loaded (a library user may redirect output after importing clausecheck). The test is
 * picocolors' own.
 */
export function colorSupported(): boolean {
  const env = process.env;
  const argv = process.argv;
  if (env.NO_COLOR || argv.includes("--no-color")) return false;
  return Boolean(env.FORCE_COLOR || argv.includes("--color") || process.platform === "win32" || (process.stdout.isTTY && env.TERM !== "dumb") || env.CI);
}
