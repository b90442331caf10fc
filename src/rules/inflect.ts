/**
 * The forms of an English word a rule's pattern stands for: `file` is files, filed, filing;
 * `apply` is applies, applied, applying; `law` is laws. Rule authors write the plain form and
 * the engine supplies the rest, as spaCy's `LEMMA` does, without a model: regular English
 * inflection plus a table of the irregular verbs agreements use. Over-generation ("submited"
 * beside "submitted") is harmless: a form no agreement contains matches nothing.
 */

/** Irregular verbs: plain form → the other forms. */
const IRREGULAR: Record<string, string[]> = {
  be: ["is", "are", "was", "were", "been", "being", "am"],
  have: ["has", "had", "having"],
  do: ["does", "did", "done", "doing"],
  make: ["made"],
  give: ["gave", "given"],
  write: ["wrote", "written"],
  take: ["took", "taken"],
  undertake: ["undertook", "undertaken"],
  bring: ["brought"],
  hold: ["held"],
  send: ["sent"],
  sell: ["sold"],
  become: ["became"],
  get: ["got", "gotten"],
  set: ["set"],
  put: ["put"],
  read: ["read"],
  bind: ["bound"],
  choose: ["chose", "chosen"],
  keep: ["kept"],
  lay: ["laid"],
  pay: ["paid"],
  say: ["said"],
  mean: ["meant"],
  see: ["saw", "seen"],
  draw: ["drew", "drawn"],
  withdraw: ["withdrew", "withdrawn"],
  file: ["filed", "filing", "files"],
  lead: ["led"],
  leave: ["left"],
  show: ["shown"],
  begin: ["began", "begun"],
  go: ["went", "gone"],
  know: ["knew", "known"],
  grow: ["grew", "grown"],
  arise: ["arose", "arisen"],
  forgo: ["forwent", "forgone"],
};

const VOWEL = /[aeiou]/;

/** Every form of a lower-case word: itself, its plural or third person, past and -ing forms. */
export function inflections(word: string): string[] {
  const forms = new Set<string>([word]);
  for (const f of IRREGULAR[word] ?? []) forms.add(f);
  const last = word.slice(-1);
  const beforeLast = word.slice(-2, -1);
  if (word.length < 2) return [...forms];
  // Plural / third person.
  if (/(?:s|x|z|ch|sh)$/.test(word)) forms.add(`${word}es`);
  else if (last === "y" && !VOWEL.test(beforeLast)) forms.add(`${word.slice(0, -1)}ies`);
  else forms.add(`${word}s`);
  // Past and -ing.
  if (last === "e") {
    forms.add(`${word}d`);
    if (!word.endsWith("ee")) forms.add(`${word.slice(0, -1)}ing`);
    else forms.add(`${word}ing`);
  } else if (last === "y" && !VOWEL.test(beforeLast)) {
    forms.add(`${word.slice(0, -1)}ied`);
    forms.add(`${word}ing`);
  } else {
    forms.add(`${word}ed`);
    forms.add(`${word}ing`);
    // A short final syllable doubles its consonant: submit → submitted, admit → admitting.
    if (/[^aeiou][aeiou][bdgklmnprt]$/.test(word)) {
      forms.add(`${word}${last}ed`);
      forms.add(`${word}${last}ing`);
    }
  }
  return [...forms];
}
