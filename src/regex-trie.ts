/**
 * One regular-expression alternation of many sequences of atoms, shared beginnings written
 * once (a trie): (?:C(?:ompany|losing)|Agreement). Where one sequence is the start of another,
 * the longer is tried first. Used for the vocabularies' names (rules/vocabulary.ts) and for the
 * first words of an agreement's defined terms (parse/defined-terms.ts).
 */
export function trieSource(sequences: Iterable<readonly string[]>): string {
  interface TrieNode {
    children: Map<string, TrieNode>;
    end: boolean;
  }
  const root: TrieNode = { children: new Map(), end: false };
  for (const atoms of sequences) {
    let node = root;
    for (const a of atoms) {
      let next = node.children.get(a);
      if (!next) {
        next = { children: new Map(), end: false };
        node.children.set(a, next);
      }
      node = next;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const branches = [...node.children.entries()].map(([atom, child]) => atom + emit(child));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join("|")})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}
