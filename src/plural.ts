/** A count and its noun, which takes an "s" unless the count is one: "1 document", "3 gaps". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
