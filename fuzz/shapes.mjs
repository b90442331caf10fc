/**
 * Whole-document and whole-pattern shapes that once made clausecheck super-linear (issue 14),
 * shared by test/adversarial.test.ts, the bench (bench/exhibits.mjs) and the fuzz campaign.
 */

/** A line of a long filing body: about 72 characters of ordinary prose. */
const BODY_LINE = "The Company's results of operations for the year are discussed below.";

/**
 * A full EDGAR submission (SGML `<DOCUMENT>` wrappers) of about `bytes` characters: a long
 * 10-K body with `<PAGE>` breaks and page numbers, then `exhibits` tiny agreement exhibits
 * (`EX-10.n`, each a short loan agreement with a governing-law clause), as EDGAR serves a
 * filing with hundreds of small exhibits. Each exhibit is one Source; before issue 14 each was
 * read, parsed and checked over a full-length copy of the file.
 */
export function edgarSubmission(exhibits, { bytes = 2_000_000 } = {}) {
  const parts = [
    "<SEC-DOCUMENT>0000000000-99-000001.txt : 19991210\n<SEC-HEADER>0000000000-99-000001.hdr.sgml : 19991210\n",
    `ACCESSION NUMBER:\t\t0000000000-99-000001\nCONFORMED SUBMISSION TYPE:\t10-K\nPUBLIC DOCUMENT COUNT:\t\t${exhibits + 1}\n</SEC-HEADER>\n`,
    "<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n<FILENAME>a10k.txt\n<DESCRIPTION>ANNUAL REPORT\n<TEXT>\n",
  ];
  const exhibit = (n) =>
    [
      `<DOCUMENT>\n<TYPE>EX-10.${n}\n<SEQUENCE>${n + 1}\n<FILENAME>ex10-${n}.txt\n<DESCRIPTION>LOAN AGREEMENT ${n}\n<TEXT>\n`,
      `                                                          EXHIBIT 10.${n}\n\n`,
      `                            LOAN AGREEMENT NO. ${n}\n\n`,
      `     This Loan Agreement (the "Agreement") is made as of November 29, 1999, between\nValence Technology, Inc. (the "Company") and Lender ${n} (the "Lender").\n\n`,
      `1.   Loan. The Lender shall lend the Company $${n},000.00 on the date hereof.\n\n`,
      "<PAGE>\n                                       2\n\n",
      "2.   Governing Law. This Agreement shall be governed by the laws of the State of\n     New York.\n\n",
      "3.   Counterparts. This Agreement may be executed in counterparts.\n</TEXT>\n</DOCUMENT>\n",
    ].join("");
  const tail = Array.from({ length: exhibits }, (_, i) => exhibit(i + 1)).join("") + "</SEC-DOCUMENT>\n";
  const head = parts.join("");
  const bodyBytes = Math.max(0, bytes - head.length - tail.length - 20);
  const body = [];
  let size = 0;
  for (let line = 1; size < bodyBytes; line++) {
    const text = line % 50 === 0 ? `\n                                      ${line / 50}\n<PAGE>\n` : `${BODY_LINE}\n`;
    body.push(text);
    size += text.length;
  }
  return `${head}${body.join("")}</TEXT>\n</DOCUMENT>\n${tail}`;
}

/**
 * Patterns whose match time on a long run of one character is super-linear, though each looks
 * harmless piece by piece: a quantified group whose body can match the same run in several
 * ways, next to a quantified item over the same characters. The rule loader must refuse them.
 */
export const NESTED_QUANTIFIER_PATTERNS = ["a*(?:a{0,5}){1,3}y", "(?:a?a?){2,4}a*y", "\\w*(?:\\w{1,3}){2}!", "x*(?:x|xx){1,9}y"];
