/** A run of words both texts share, or that only one of them has. */
export interface WordRun {
  kind: "same" | "removed" | "added";
  text: string;
}

/** Longest quotes compared word by word; beyond this (about 250,000 cells) the quotes are shown whole, unmarked. */
const MAX_CELLS = 250_000;

/**
 * Two quotes compared word by word (longest common subsequence of their words, spacing
 * aside): what the earlier one has that the later one lacks is `removed`, the reverse
 * `added`. "has filed" → "will file" reads as `removed: has filed`, `added: will file`.
 * Undefined when the quotes are too long to compare cheaply.
 */
export function wordDiff(before: string, after: string): WordRun[] | undefined {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return undefined;
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const runs: WordRun[] = [];
  const push = (kind: WordRun["kind"], word: string) => {
    const last = runs[runs.length - 1];
    if (last?.kind === kind) last.text += ` ${word}`;
    else runs.push({ kind, text: word });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push("same", a[i] as string);
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))) {
      push("removed", a[i++] as string);
    } else {
      push("added", b[j++] as string);
    }
  }
  return runs;
}
