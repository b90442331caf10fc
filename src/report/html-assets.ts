import { htmlText } from "./html-text.js";
/**
 * The HTML report's style sheet and script, inlined into every page: the report opens from
 * disk or an e-mail attachment with no network and no other file.
 */

export const HTML_STYLE = `
:root { --pass: #d8f3dc; --pass-line: #2d6a4f; --gap: #ffd6d6; --gap-line: #b3261e; --warning: #ffe8b3; --warning-line: #8a5300; --waived: #e9e3f5; --waived-line: #5e4b8b; --definition: #fff3bf; --muted: #5f6368; --rule: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; overflow-wrap: break-word; }
header.top { padding: 1rem 2rem; border-bottom: 1px solid var(--rule); background: #f6f8fa; }
header.top h1 { margin: 0 0 .25rem; font-size: 1.35rem; }
main { padding: 0 2rem 4rem; max-width: 78rem; }
.totals { margin: .25rem 0 0; color: var(--muted); }
table.summary { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
table.summary th, table.summary td { border: 1px solid var(--rule); padding: .3rem .6rem; text-align: center; }
table.summary thead th { font-weight: 600; vertical-align: bottom; max-width: 11rem; }
table.summary tbody th { text-align: left; font-weight: 400; }
table.summary a { text-decoration: none; color: inherit; display: block; }
.mark-pass { color: var(--pass-line); } .mark-gap { color: var(--gap-line); font-weight: 700; } .mark-warning { color: var(--warning-line); font-weight: 700; } .mark-waived { color: var(--waived-line); }
section.document { border-top: 2px solid var(--rule); margin-top: 2rem; padding-top: 1rem; }
section.document h2 { font-size: 1.15rem; margin: 0 0 .25rem; word-break: break-all; }
ol.findings { list-style: none; padding: 0; margin: 1rem 0; }
li.finding { border-left: 4px solid var(--rule); padding: .4rem .8rem; margin: .5rem 0; background: #fafbfc; }
li.finding.pass { border-left-color: var(--pass-line); }
li.finding.gap { border-left-color: var(--gap-line); background: #fff8f7; }
li.finding.warning { border-left-color: var(--warning-line); background: #fffaf0; }
li.finding.waived { border-left-color: var(--waived-line); }
li.finding:target { outline: 2px solid #0969da; }
.finding .head { font-weight: 600; }
.finding .head .mark { display: inline-block; width: 1.1em; }
li.finding.pass .head .mark { color: var(--pass-line); } li.finding.gap .head .mark { color: var(--gap-line); } li.finding.warning .head .mark { color: var(--warning-line); } li.finding.waived .head .mark { color: var(--waived-line); }
.finding .head code { font-weight: 400; font-size: .8rem; color: var(--muted); }
.finding .badge { display: inline-block; font-size: .78rem; font-weight: 600; padding: 0 .45rem; border-radius: .6rem; margin-left: .4rem; background: #eaeef2; }
.finding .gap-badge { background: var(--gap); color: var(--gap-line); }
.finding .warning-badge { background: var(--warning); color: var(--warning-line); }
.finding .waived-badge { background: var(--waived); color: var(--waived-line); }
.finding .pass-badge { background: var(--pass); color: var(--pass-line); }
.finding p { margin: .25rem 0; }
.finding .why, .finding .where-usually, .finding .searched, .finding .waiver { color: var(--muted); font-size: .92rem; }
.finding a.goto, .finding span.goto { overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
.finding q { font-style: italic; }
.finding ul.evidence { margin: .25rem 0; padding-left: 1.2rem; }
em.offending { font-style: normal; font-weight: 700; text-decoration: underline wavy var(--gap-line); text-decoration-thickness: 1px; text-underline-offset: 2px; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
pre.agreement { --digits: 3; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #fcfcfc; border: 1px solid var(--rule); padding: 1rem .5rem; }
${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `pre.agreement.digits-${n} { --digits: ${n}; }`).join("\n")}
pre.agreement .ln { display: block; position: relative; min-height: 1.45em; padding-left: calc(var(--digits) * 1ch + 1.5ch); }
pre.agreement .ln::before { content: attr(data-n); position: absolute; left: 0; width: calc(var(--digits) * 1ch); text-align: right; color: #8c959f; user-select: none; -webkit-user-select: none; }
pre.agreement mark { border-radius: 2px; padding: 0; color: inherit; cursor: pointer; }
pre.agreement mark.pass { background: var(--pass); box-shadow: inset 0 -2px var(--pass-line); }
pre.agreement mark.gap { background: var(--gap); box-shadow: inset 0 -2px var(--gap-line); }
pre.agreement mark.warning { background: var(--warning); box-shadow: inset 0 -2px var(--warning-line); }
pre.agreement mark.waived { background: var(--waived); box-shadow: inset 0 -2px var(--waived-line); }
pre.agreement mark.definition { background: var(--definition); }
pre.agreement mark.flash { outline: 3px solid #0969da; }
.anchor { scroll-margin-top: 30vh; }
.legend { font-size: .85rem; color: var(--muted); }
.legend mark { padding: 0 .3rem; color: inherit; }
.legend .pass { background: var(--pass); } .legend .gap { background: var(--gap); } .legend .warning { background: var(--warning); } .legend .waived { background: var(--waived); } .legend .definition { background: var(--definition); }
.unreadable { color: var(--gap-line); }
@media (max-width: 40rem) {
  header.top { padding: .75rem 1rem; }
  main { padding: 0 1rem 3rem; }
  /* The summary table becomes one card per document, each check on a line with its title. */
  table.summary, table.summary tbody, table.summary tr, table.summary th, table.summary td { display: block; width: 100%; max-width: none; }
  table.summary thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.summary tr { border: 1px solid var(--rule); border-radius: 4px; margin-bottom: .75rem; }
  table.summary th, table.summary td { border: 0; text-align: left; }
  table.summary tbody th { font-weight: 600; border-bottom: 1px solid var(--rule); word-break: break-all; }
  table.summary td { display: flex; gap: .5rem; padding: .2rem .6rem; }
  table.summary td::before { content: attr(data-label); flex: 1; }
  table.summary td a { flex: none; min-width: 2rem; text-align: center; }
  pre.agreement { font-size: 12px; padding: .5rem .25rem; }
}
@media print {
  body { font-size: 10.5pt; }
  header.top { background: none; border: 0; padding: 0 0 .5rem; }
  main { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  /* Each document from a new page, but the first right after the summary: no page with a table alone. */
  section.document { border: 0; margin-top: 1.5rem; }
  section.document ~ section.document { break-before: page; margin-top: 0; }
  table.summary { break-inside: auto; }
  table.summary thead { display: table-header-group; }
  table.summary tr, li.finding { break-inside: avoid; }
  li.finding { background: none; }
  pre.agreement { border: 0; padding: 0; font-size: 8.5pt; background: none; }
  mark, .badge, li.finding, em.offending { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  pre.agreement mark.flash { outline: none; }
  .no-print { display: none; }
}
`;

/** The comparison of two drafts: the page's own rules on top of HTML_STYLE; two columns side by side, one on a phone. */
export const DIFF_STYLE = `
.change-mark.opened, .change-badge.opened { color: var(--gap-line); }
.change-mark.closed, .change-badge.closed { color: var(--pass-line); }
.change-mark.changed, .change-badge.changed { color: #8a5a00; }
.change-mark.stayed, .change-mark.unchanged, .change-badge.stayed, .change-badge.unchanged { color: var(--muted); }
.change-badge { display: inline-block; font-size: .78rem; font-weight: 600; padding: 0 .45rem; border-radius: .6rem; margin-left: .4rem; background: #eaeef2; }
.change-badge.opened { background: var(--gap); } .change-badge.closed { background: var(--pass); } .change-badge.changed { background: var(--definition); }
ol.changes { list-style: none; padding: 0; margin: 1rem 0; }
li.change-item { border-left: 4px solid var(--rule); padding: .4rem .8rem; margin: .8rem 0; background: #fafbfc; }
li.change-item.opened { border-left-color: var(--gap-line); } li.change-item.closed { border-left-color: var(--pass-line); } li.change-item.changed { border-left-color: #c99400; }
li.change-item:target { outline: 2px solid #0969da; }
li.change-item .head { font-weight: 600; }
li.change-item .differences { margin: .25rem 0; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; margin-top: .4rem; }
.side { border: 1px solid var(--rule); border-radius: 4px; padding: .4rem .6rem; background: #fff; min-width: 0; }
.side h4 { margin: 0 0 .25rem; font-size: .85rem; color: var(--muted); }
.side h4 .file { font-weight: 400; word-break: break-all; }
.side p { margin: .2rem 0; }
.side .place code { font-size: .82rem; word-break: break-all; }
.side blockquote.clause { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid var(--rule); font-style: italic; }
.side.gap blockquote.clause { border-left-color: var(--gap-line); } .side.pass blockquote.clause { border-left-color: var(--pass-line); }
.side del { background: var(--gap); text-decoration: line-through; } .side ins { background: var(--pass); text-decoration: none; font-weight: 600; }
.side .no-clause, .side .waiver { color: var(--muted); }
@media (max-width: 40rem) { .sides { grid-template-columns: 1fr; } }
@media print { .sides { grid-template-columns: 1fr 1fr; } li.change-item { break-inside: avoid; background: none; } }
`;

/**
 * Following a finding's link scrolls to its clause (plain anchors do that without the script);
 * the script outlines every highlighted piece of that clause, and a click on a highlighted
 * clause goes back to its finding.
 */
export const HTML_SCRIPT = `
(function () {
  function flash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var old = document.querySelectorAll("mark.flash");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("flash");
    if (!id) return;
    var marks = document.querySelectorAll("mark[data-clauses]");
    for (var j = 0; j < marks.length; j++) {
      if ((" " + marks[j].getAttribute("data-clauses") + " ").indexOf(" " + id + " ") >= 0) marks[j].classList.add("flash");
    }
  }
  window.addEventListener("hashchange", flash);
  flash();
  document.addEventListener("click", function (event) {
    var mark = event.target && event.target.closest ? event.target.closest("mark[data-finding]") : null;
    if (mark && !window.getSelection().toString()) location.hash = mark.getAttribute("data-finding");
  });
})();
`;

/**
 * The opening of a self-contained report page up to <body>: a strict CSP that allows only the
 * inline style sheet (and the inline script, when the page has one), the generator, the title.
 */
export function htmlHead(o: { title: string; version: string; style: string; script: boolean }): string[] {
  const csp = `default-src 'none'; style-src 'unsafe-inline'${o.script ? "; script-src 'unsafe-inline'" : ""}`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<meta name="generator" content="clausecheck ${htmlText(o.version)}">`,
    `<title>${htmlText(o.title)}</title>`,
    `<style>${o.style}</style>`,
    "</head>",
    "<body>",
  ];
}
