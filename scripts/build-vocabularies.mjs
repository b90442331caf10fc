// Builds the jurisdiction gazetteer: vocabularies/jurisdiction.yaml (canonical name → the phrases
// that name the place in an agreement) and vocabularies/jurisdiction-adjective.yaml (canonical
// name → the words that name its law right before "law": "English law", "PRC law").
//   node scripts/build-vocabularies.mjs           writes both files
//   node scripts/build-vocabularies.mjs --check   exit 1 (one line) when the committed files differ
//
// Data: two exact-pinned devDependencies, read only here (nothing reads them at run time).
//   - world-countries (ODbL-1.0): 250 countries and territories, each with a common and an
//     official English name, alternative spellings and English demonyms.
//   - iso-3166 (MIT): ISO 3166-1 short names and ISO 3166-2 subdivisions with their parents:
//     US states and territories, Canadian provinces, Australian states, Chinese provinces, and
//     the UK's nations including GB-EAW "England and Wales".
// Measured from the npm registry with `npm view` and `npm pack` (unpacked size; latest release):
//   world-countries@5.1.0      ODbL-1.0  20.6 MB, 763 files    2025-06  names, official names, alt spellings, demonyms; no subdivisions.
//                                                                       19 MB of it is GeoJSON and SVG flags; only countries.json (1.4 MB) is read.
//   iso-3166@4.4.0             MIT       0.48 MB, 21 files     2026-03  current ISO 3166-1 and 3166-2 (5,070 subdivisions, with parents); no demonyms.
//   countries-list@3.4.1       MIT       0.40 MB               2026-07  common names, a few aliases; no official names, demonyms or subdivisions.
//   i18n-iso-countries@7.14.0  MIT       0.62 MB               2025-07  names in 78 languages, few English alternatives; no demonyms or subdivisions.
//   i18n-nationality@1.4.0     MIT       0.10 MB               2026-03  demonyms, but odd ("Antiguans", "Bosnian - Herzegovinian", place names as fallbacks).
//   iso-3166-2@1.0.0           MIT       0.25 MB                        subdivisions, but pre-2017 codes (CN-44 for Guangdong): not kept up.
//   country-region-data@4.1.0  MIT       0.63 MB               2026-03  regions without ISO parents; the UK only by council area (no England, Scotland, Wales).
//   country-state-city@3.2.1   GPL-3.0   17.5 MB               2024-12  subdivisions and cities; GPL data in an MIT project: rejected.
//   iso3166-2-db@2.3.11        MIT       177 MB, 42,268 files  2024-12  subdivisions with translations: far too large.
// world-countries is the only candidate with official names and demonyms for every country; its
// size is geography this script never reads, and only a developer installs it. Its licence is
// ODbL-1.0: the generated files are a derived database, so their first line names the sources and
// licences. iso-3166 supplies the subdivisions, in ISO's current names.
//
// Everything this script adds to or takes from the packages is in the tables below, each entry
// with its reason. A variant that would name two places stops the build unless the ambiguity
// table decides it, so that a new package version cannot introduce one unnoticed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { iso31661, iso31662 } from "iso-3166";
import { parse as parseYaml } from "yaml";

/** Stops the build with a one-line message. */
const fail = (message) => {
  console.error(`scripts/build-vocabularies.mjs: ${message}`);
  process.exit(1);
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
/** @type {Array<any>} */
const countries = require("world-countries/countries.json");
const sources = ["world-countries", "iso-3166"].map((name) => {
  const pkg = require(`${name}/package.json`);
  const licence = pkg.license ?? (pkg.licenses ?? []).map((l) => l.type).join(" OR ");
  return `${name}@${pkg.version} (${licence})`;
});

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/**
 * Canonical names (what reports print) that differ from world-countries' common name. The names
 * already used by rules/governing-law.yaml and src/eval/jurisdictions.ts win; the package's
 * names stay as variants.
 */
const COUNTRY_CANONICAL = {
  CN: "People's Republic of China", // the name reports and the evaluation use (package: "China")
  KR: "Korea", // rules/governing-law.yaml reports "Korea" (package: "South Korea")
  GE: "Georgia (country)", // "Georgia" is the US state: see the ambiguity table
  TR: "Turkey", // as agreements write it (package: "Türkiye", kept as a variant)
  CZ: "Czech Republic", // as agreements write it (package: "Czechia", kept as a variant)
  CD: "Democratic Republic of the Congo", // the package's "DR Congo" is informal (kept as a variant)
};

/**
 * Alternative spellings in world-countries are kept when they contain one of these English
 * words for a kind of state ("Swiss Confederation", "Republic of Ireland") or are abbreviations
 * in capitals of three or more letters ("UAE", "DPRK"). The rest are mostly native names
 * ("Schweiz", "Zhongguo") and two-letter codes; those worth keeping are in ALT_KEEP.
 */
const STATE_WORD =
  /\b(?:Republic|Kingdom|States?|Federation|Federal|Commonwealth|Union|Principality|Confederation|Emirates|Sultanate|Territory|Territories|Islands?|Isles|Bailiwick|Duchy|Collectivity|Department|Country|Nation|Group)\b/;

/** Alternative spellings kept by that test that do not name the place in an agreement. */
const ALT_DROP = {
  RSA: "in securities documents, a Restricted Stock Award or Agreement, not South Africa",
  Emirates: "an airline, and loose for the United Arab Emirates",
  "Union des Comores": "French",
  Island: "Icelandic for Iceland, and an English word",
  "Pleasant Island": "Nauru's name in the 19th century",
  "Somers Isles": "Bermuda's name in the 17th century",
};

/** Alternative spellings without such a word that are English names of the place. */
const ALT_KEEP = new Set([
  "Holland",
  "Burma",
  "Great Britain",
  "Côte d'Ivoire",
  "Cote d'Ivoire",
  "Swaziland",
  "East Timor",
  "Macedonia",
  "Macao",
  "Viet Nam",
  "Brunei Darussalam",
  "Curacao",
  "Reunion",
  "St. Barthelemy",
  "Sao Tome and Principe",
  "Turkiye",
  "Bosnia-Herzegovina",
  "Congo-Kinshasa",
  "Congo-Brazzaville",
  "Saint Helena",
  "Pitcairn",
  "Vatican",
  "Bonaire Sint Eustatius and Saba",
]);

/**
 * ISO 3166-2 subdivisions included, by parent country. Hong Kong and Macau (CN-HK, CN-MO) and
 * the US territories that are also ISO 3166-1 countries are merged into their country entry.
 */
const SUBDIVISION_PARENTS = ["US", "CA", "AU", "CN"];
/** The UK's nations, and England and Wales (one legal jurisdiction), from ISO 3166-2:GB. */
const UK_PARTS = ["GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR", "GB-EAW"];
/** Subdivisions that are also a country in world-countries: one entry, the country's. */
const SUBDIVISION_IS_COUNTRY = {
  "US-AS": "AS",
  "US-GU": "GU",
  "US-MP": "MP",
  "US-PR": "PR",
  "US-UM": "UM",
  "US-VI": "VI",
  "CN-HK": "HK",
  "CN-MO": "MO",
};
/** Subdivisions left out. */
const SUBDIVISION_SKIP = {
  "CN-TW": "ISO lists Taiwan as a province of China; Taiwan's own law is the country entry Taiwan",
};
/**
 * English names of China's autonomous regions (ISO gives the romanised Chinese, e.g. "Nei Mongol
 * Zizhiqu"). Provinces ("Guangdong Sheng") and municipalities ("Shanghai Shi") are named by
 * dropping the suffix, with "Guangdong Province" and "Shanghai Municipality" as variants.
 */
const CN_REGIONS = {
  "CN-GX": ["Guangxi", "Guangxi Zhuang Autonomous Region"],
  "CN-NM": ["Inner Mongolia", "Inner Mongolia Autonomous Region", "Nei Mongol"],
  "CN-NX": ["Ningxia", "Ningxia Hui Autonomous Region"],
  "CN-XJ": ["Xinjiang", "Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region"],
  "CN-XZ": ["Tibet", "Tibet Autonomous Region", "Xizang", "Xizang Autonomous Region"],
};

/**
 * Variants the packages lack: abbreviations and other names agreements use. Abbreviations are
 * written in capitals (the loader matches those case-sensitively). No two-letter postal code is
 * listed ("IN", "OR", "ME" are words). Left out on purpose: "US" (the word "us" in a text set
 * in capitals), "N.D." and "S.D." (court districts: "N.D. Cal.", "S.D.N.Y."), "ACT" for the
 * Australian Capital Territory (the word "act").
 */
const EXTRA_VARIANTS = {
  "United States": ["U.S.", "U.S.A."],
  "United Kingdom": ["U.K.", "UK"],
  "People's Republic of China": ["PRC", "P.R.C."],
  Taiwan: ["R.O.C.", "ROC"], // as src/eval/jurisdictions.ts reads them
  "Hong Kong": ["Hong Kong Special Administrative Region", "HKSAR"],
  Italy: ["Republic of Italy"], // as src/eval/jurisdictions.ts reads it
  "Georgia (country)": ["Republic of Georgia"],
  "British Virgin Islands": ["BVI"],
  "United States Virgin Islands": ["U.S. Virgin Islands", "USVI"],
  "England and Wales": ["England & Wales"],
  "New York": ["New York State", "N.Y."],
  "New Jersey": ["N.J."],
  "North Carolina": ["N.C."],
  "South Carolina": ["S.C."],
  "New Hampshire": ["N.H."],
  "New Mexico": ["N.M."],
  "Rhode Island": ["R.I."],
  Washington: ["Washington State"],
  "District of Columbia": ["Washington, D.C.", "Washington D.C.", "Washington DC", "D.C."],
  Quebec: ["Québec"],
  "British Columbia": ["B.C."],
  "Newfoundland and Labrador": ["Newfoundland"],
  "Prince Edward Island": ["P.E.I."],
  "Northwest Territories": ["N.W.T."],
  Yukon: ["Yukon Territory"],
  "New South Wales": ["NSW"],
  Queensland: ["QLD"],
  Victoria: ["VIC"],
  Tasmania: ["TAS"],
};

/**
 * Demonyms (world-countries `demonyms.eng`) are adjectives for the law unless they name a
 * person: those ending in "-er" ("Hong Konger", "Cayman Islander", "Luxembourger") and these.
 * Every entry also has its own name as an adjective ("Hong Kong law", "Luxembourg law").
 */
const PERSON_NOUNS = new Set(["Motswana", "Mosotho", "Ni-Vanuatu", "I-Kiribati"]);
/** Demonyms that name no law. */
const DEMONYM_DROP = {
  Antarctican: "Antarctica has no law of its own",
  Ålandish: "not English; the law is 'Åland law'",
};
/** Demonyms in an old or odd spelling, and the adjective used instead. */
const DEMONYM_FIX = {
  Kirghiz: "Kyrgyz",
  Tadzhik: "Tajik",
  Maldivan: "Maldivian",
  "Cape Verdian": "Cape Verdean",
  Icelander: "Icelandic",
};

/** Adjectives the package lacks. */
const EXTRA_ADJECTIVES = {
  England: ["English"],
  Scotland: ["Scots", "Scottish"],
  Wales: ["Welsh"],
  "Northern Ireland": ["Northern Irish"],
  "United States": ["U.S."],
  "United Kingdom": ["U.K.", "UK"],
  "People's Republic of China": ["PRC", "P.R.C."],
  Korea: ["Korean"],
  "Cayman Islands": ["Cayman"],
  "British Virgin Islands": ["BVI"],
  "District of Columbia": ["D.C."],
  Quebec: ["Québec"],
};

/**
 * Words that point back to a jurisdiction named earlier in the same sentence ("made in the State
 * of Oregon and governed by the laws thereof"); the loader (schemas/vocabulary.schema.json,
 * `references`) resolves them to that entry. Written to jurisdiction.yaml only.
 */
const REFERENCES = [
  "thereof",
  "said State",
  "said Commonwealth",
  "said Province",
  "said jurisdiction",
  "such State",
  "such Commonwealth",
  "such Province",
  "such jurisdiction",
];

/**
 * Ambiguity table: a phrase that would name two places. `owner` keeps it (null: no entry keeps
 * it) and every other entry loses it. Entries that are not (yet) a collision record a decision,
 * so that a package update cannot reverse it.
 */
const AMBIGUITIES = {
  Georgia: {
    owner: "Georgia",
    why: "the US state; in US securities agreements it is the state far more often than the country, which is 'Georgia (country)' with the variant 'Republic of Georgia' (its adjective 'Georgian' is unambiguous)",
  },
  Washington: { owner: "Washington", why: "the US state; the capital is 'Washington, D.C.' under District of Columbia" },
  Victoria: { owner: "Victoria", why: "the Australian state (Victoria, British Columbia and Victoria, Seychelles are cities, not jurisdictions)" },
  Korea: { owner: "Korea", why: "the Republic of Korea, as the rules report it; the other is 'North Korea', 'DPRK'" },
  Congo: { owner: null, why: "the Republic of the Congo and the Democratic Republic of the Congo; bare 'Congo' names neither" },
  "Virgin Islands": { owner: null, why: "British Virgin Islands' official name in the package, but also the US Virgin Islands" },
};
const ADJECTIVE_AMBIGUITIES = {
  Georgia: { owner: "Georgia", why: "'Georgia law' is the US state's; the country's law is 'Georgian law'" },
  American: { owner: "United States", why: "also the package's demonym for the Northern Mariana Islands" },
  French: { owner: "France", why: "also the package's demonym for the French Southern and Antarctic Lands" },
  Dutch: { owner: "Netherlands", why: "also the package's demonym for the Caribbean Netherlands" },
  Indian: { owner: "India", why: "also the package's demonym for the British Indian Ocean Territory" },
  Norwegian: { owner: "Norway", why: "also the package's demonym for Svalbard and Jan Mayen" },
  Congolese: { owner: null, why: "both Congos" },
  Dominican: { owner: null, why: "Dominica and the Dominican Republic" },
};

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

const tidy = (s) => s.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, " ").trim();
/** A leading "the" is not part of the name ("The Netherlands"): rules read it before the name. */
const withoutThe = (s) => s.replace(/^the /i, "");
/** The name without accents, when that leaves plain ASCII ("Québec" → "Quebec"). */
const ascii = (s) => {
  const folded = s.normalize("NFD").replace(/\p{M}/gu, "");
  return /^[\x20-\x7e]*$/.test(folded) ? folded : undefined;
};
/** Two spellings of one variant: case-insensitive ("Bahamas", "bahamas"). */
const sameKey = (s) => s.toLowerCase();
/**
 * The key the loader (src/rules/vocabulary.ts, variantKey) looks a matched text up by: letters,
 * digits and "&", lower-cased. Two entries sharing a key would be one phrase naming two places.
 */
const loaderKey = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}&]/gu, "");
const sortKey = (s) => (ascii(s) ?? s).toLowerCase();
const byName = (a, b) => {
  const [ka, kb] = [sortKey(a), sortKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/** canonical name → variants (insertion order; sorted on output) */
function vocabulary() {
  const map = new Map();
  const add = (canonical, ...variants) => {
    if (!map.has(canonical)) map.set(canonical, []);
    const list = map.get(canonical);
    for (const raw of variants) {
      if (raw === undefined) continue;
      const v = withoutThe(tidy(raw));
      for (const form of [v, ascii(v)]) {
        if (form && !list.some((x) => sameKey(x) === sameKey(form))) list.push(form);
      }
    }
  };
  return { map, add };
}

/** A phrase usable as a variant: not a code, not an inverted list name ("Korea, Republic of"). */
const isPhrase = (s) => !/^[A-Z]{2}$/.test(s) && !/[,()]/.test(s) && /^[\p{Script=Latin}\s'.&-]+$/u.test(s);

const jurisdictions = vocabulary();
const adjectives = vocabulary();
const countryName = new Map(); // cca2 → canonical

// Countries and territories.
for (const c of countries) {
  const canonical = COUNTRY_CANONICAL[c.cca2] ?? tidy(c.name.common);
  countryName.set(c.cca2, canonical);
  const iso = iso31661.find((e) => e.alpha2 === c.cca2);
  const alts = c.altSpellings.filter((a) => {
    if (a in ALT_DROP) return false;
    if (ALT_KEEP.has(a)) return true;
    if (/^[A-Z]{3,}$/.test(a)) return true;
    return isPhrase(a) && STATE_WORD.test(a);
  });
  const names = [canonical, c.name.common, c.name.official, iso?.name].filter((n) => n && !/\(/.test(n));
  jurisdictions.add(canonical, ...names.filter((n) => n === c.name.common || n === c.name.official || isPhrase(n)), ...alts);
  const demonyms = [c.demonyms?.eng?.m, c.demonyms?.eng?.f]
    .filter(Boolean)
    .flatMap((d) => d.split(/, | or /))
    .map((d) => DEMONYM_FIX[d] ?? d)
    .filter((d) => !/er$/.test(d) && !PERSON_NOUNS.has(d) && !(d in DEMONYM_DROP));
  adjectives.add(canonical, ...[canonical, c.name.common].filter((n) => !/\(/.test(n)), ...demonyms);
}

// Subdivisions.
const subdivisions = iso31662.filter((e) => SUBDIVISION_PARENTS.includes(e.parent) || UK_PARTS.includes(e.code));
for (const code of [...UK_PARTS, ...Object.keys(SUBDIVISION_IS_COUNTRY), ...Object.keys(SUBDIVISION_SKIP), ...Object.keys(CN_REGIONS)]) {
  if (!subdivisions.some((e) => e.code === code)) fail(`iso-3166 no longer lists ${code}: review the tables`);
}
for (const s of subdivisions) {
  if (s.code in SUBDIVISION_SKIP) continue;
  let names = [s.name];
  if (s.parent === "CN" && !(s.code in SUBDIVISION_IS_COUNTRY)) {
    const m = /^(.+) (Sheng|Shi)$/.exec(s.name);
    if (s.code in CN_REGIONS) names = CN_REGIONS[s.code];
    else if (m) names = [m[1], `${m[1]} ${m[2] === "Sheng" ? "Province" : "Municipality"}`];
    else fail(`iso-3166: no English name for ${s.code} "${s.name}": add it to CN_REGIONS`);
  }
  const country = SUBDIVISION_IS_COUNTRY[s.code];
  const canonical = country ? countryName.get(country) : names[0];
  jurisdictions.add(canonical, ...names);
  if (!country) adjectives.add(canonical, names[0]);
}

for (const [canonical, extra] of Object.entries(EXTRA_VARIANTS)) {
  if (!jurisdictions.map.has(canonical)) fail(`EXTRA_VARIANTS: no entry "${canonical}"`);
  jurisdictions.add(canonical, ...extra);
}
for (const [canonical, extra] of Object.entries(EXTRA_ADJECTIVES)) {
  if (!jurisdictions.map.has(canonical)) fail(`EXTRA_ADJECTIVES: no entry "${canonical}"`);
  adjectives.add(canonical, ...extra);
}

/** Applies an ambiguity table; any other phrase under two names stops the build. */
function resolve(vocab, table, file) {
  for (const [phrase, { owner }] of Object.entries(table)) {
    if (owner !== null && !vocab.map.has(owner)) fail(`${file}: ambiguity owner "${owner}" is no entry`);
    for (const [canonical, list] of vocab.map) {
      if (canonical === owner) continue;
      for (let i = list.length - 1; i >= 0; i--) if (loaderKey(list[i]) === loaderKey(phrase)) list.splice(i, 1);
    }
  }
  const seen = new Map();
  const clashes = [];
  for (const [canonical, list] of vocab.map) {
    // The loader counts the canonical name as a variant too.
    for (const v of [canonical, ...list]) {
      const other = seen.get(loaderKey(v));
      if (other !== undefined && other !== canonical) clashes.push(`"${v}" (${other} / ${canonical})`);
      seen.set(loaderKey(v), canonical);
    }
  }
  if (clashes.length) fail(`${file}: phrases naming two places, decide them in the ambiguity table: ${clashes.join(", ")}`);
  for (const [canonical, list] of vocab.map) if (list.length === 0) vocab.map.delete(canonical);
}
resolve(jurisdictions, AMBIGUITIES, "jurisdiction");
resolve(adjectives, ADJECTIVE_AMBIGUITIES, "jurisdiction-adjective");
for (const canonical of adjectives.map.keys()) {
  if (!jurisdictions.map.has(canonical)) fail(`jurisdiction-adjective: "${canonical}" is not in jurisdiction`);
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

const PLAIN = /^[\p{L}][\p{L}\p{N} .'&()-]*$/u;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
const scalar = (s) => (PLAIN.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s));

/**
 * Words naming what a jurisdiction is: a defined term such as "Project State" or "Governing
 * Jurisdiction", whose definition names no place the vocabulary knows, still stands for one
 * (the clause is found; its place is reported as not recognised).
 */
const KINDS = ["state", "commonwealth", "province", "country", "jurisdiction", "territory", "nation"];

function render(name, description, vocab, references = [], kinds = []) {
  const lines = [
    `# Generated by scripts/build-vocabularies.mjs from ${sources.join(" and ")}. Do not edit: run npm run vocabularies.`,
    `name: ${name}`,
    "description: >",
    ...description.map((l) => `  ${l}`),
    "entries:",
  ];
  const entries = {};
  for (const canonical of [...vocab.map.keys()].sort(byName)) {
    const list = vocab.map.get(canonical);
    const first = list.filter((v) => v === canonical);
    const variants = [...first, ...list.filter((v) => v !== canonical).sort(byName)];
    entries[canonical] = variants;
    lines.push(`  ${scalar(canonical)}: [${variants.map(scalar).join(", ")}]`);
  }
  if (references.length) lines.push(`references: [${references.map(scalar).join(", ")}]`);
  if (kinds.length) lines.push(`kinds: [${kinds.map(scalar).join(", ")}]`);
  const text = `${lines.join("\n")}\n`;
  const back = parseYaml(text);
  const same = JSON.stringify(back.entries) === JSON.stringify(entries) && JSON.stringify(back.references ?? []) === JSON.stringify(references);
  if (back.name !== name || !same) {
    fail(`${name}: the YAML written does not read back as built`);
  }
  return { text, entries: Object.keys(entries).length, variants: Object.values(entries).flat().length };
}

const files = {
  "vocabularies/jurisdiction.yaml": render(
    "jurisdiction",
    [
      "Places whose law an agreement may choose: every country and territory in world-countries, the",
      "states and territories of the United States with the District of Columbia, the provinces and",
      "territories of Canada, the states and territories of Australia, the provinces, municipalities",
      "and autonomous regions of the People's Republic of China (Hong Kong and Macau are their own",
      "entries), and the nations of the United Kingdom with England and Wales as one jurisdiction.",
      "Each canonical name, as reports print it, maps to the phrases that name the place in an agreement.",
    ],
    jurisdictions,
    REFERENCES,
    KINDS,
  ),
  "vocabularies/jurisdiction-adjective.yaml": render(
    "jurisdiction-adjective",
    [
      'Words that name a jurisdiction\'s law when written right before "law" ("English law", "Swiss law",',
      '"PRC law", "New York law"), mapped to the jurisdiction\'s canonical name in jurisdiction.yaml:',
      "demonyms that are adjectives, and each place's own name.",
    ],
    adjectives,
  ),
};

if (process.argv.includes("--check")) {
  const stale = Object.entries(files)
    .filter(([path, { text }]) => !existsSync(join(root, path)) || readFileSync(join(root, path), "utf8") !== text)
    .map(([path]) => path);
  if (stale.length) {
    console.error(`${stale.join(" and ")} differ from what scripts/build-vocabularies.mjs writes: run npm run vocabularies`);
    process.exit(1);
  }
} else {
  for (const [path, { text, entries, variants }] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    console.log(`${relative(root, join(root, path))}: ${entries} entries, ${variants} variants`);
  }
}
