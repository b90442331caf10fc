// The review desk's script: it talks only to the server that served it (/v1/…), and shows the
// server's HTML reports in the page (their <main>, styled by /report.css). No framework, no
// build step, nothing loaded from anywhere else.

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "clausecheck-token";

// ---- talking to the server ---------------------------------------------------------------

/** A problem+json answer, or any failure, as an Error whose message is the server's detail. */
class DeskError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

let retryAfterToken = null;

/** Fetches from the server with the token, if there is one; a problem becomes a DeskError. */
async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.set("authorization", `Bearer ${token}`);
  let res;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new DeskError("The server does not answer. Is clausecheck serve still running?", 0);
  }
  if (res.ok) return res;
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not problem+json: say what we have.
  }
  if (res.status === 401) {
    $("token-form").hidden = false;
    $("token-input").focus();
    return new Promise((resolve, reject) => {
      retryAfterToken = () => api(path, init).then(resolve, reject);
    });
  }
  throw new DeskError(body?.detail || `The server answered ${res.status}.`, res.status, body);
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
  $("token-form").hidden = true;
  const retry = retryAfterToken;
  retryAfterToken = null;
  if (retry) retry();
});

/** A panel's status line ("Checking deal.docx…"): `review`, `compare` or `playground`. */
function status(panel, text) {
  $(`${panel}-status`).textContent = text;
}

function showError(error) {
  const box = $("desk-error");
  box.textContent = error instanceof DeskError ? error.message : `Something went wrong: ${error?.message ?? error}`;
  box.hidden = false;
}

function clearError() {
  $("desk-error").hidden = true;
  $("desk-error").textContent = "";
}

/** The <main> of an HTML report the server wrote, as nodes of this page. */
function reportBody(html) {
  // Only the body: the report's <head> holds its own inline style sheet, which this page's
  // Content-Security-Policy refuses (the page has the same rules in /report.css).
  const start = html.indexOf("<body>");
  const doc = new DOMParser().parseFromString(start >= 0 ? html.slice(start) : html, "text/html");
  const main = doc.querySelector("main");
  const fragment = document.createDocumentFragment();
  const top = doc.querySelector("header.top .totals");
  if (top) {
    const p = document.createElement("p");
    p.className = "totals";
    p.append(...[...top.childNodes].map((n) => document.importNode(n, true)));
    fragment.append(p);
  }
  if (main) fragment.append(...[...main.childNodes].map((n) => document.importNode(n, true)));
  return fragment;
}

/** Saves text the server wrote as a file the user downloads. */
function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const EXTENSIONS = { html: [".html", "text/html"], markdown: [".md", "text/markdown"], json: [".json", "application/json"], sarif: [".sarif", "application/sarif+json"] };

function baseName(name) {
  return (name.split(/[\\/]/).pop() || "document").replace(/\.[^.]*$/, "");
}

// ---- tabs --------------------------------------------------------------------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];
function selectTab(tab, focus) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
  clearError();
  if (tab.id === "tab-playground") loadRules();
}
for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab, false));
  tab.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(tabs[(next + tabs.length) % tabs.length], true);
  });
}

// ---- drop zones ---------------------------------------------------------------------------

/** A drop zone: a file dropped on it or chosen with its button goes to `onFile`. */
function dropZone(zone, onFile) {
  const input = $(zone.dataset.input);
  input.addEventListener("change", () => {
    if (input.files?.[0]) onFile(input.files[0]);
    input.value = "";
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer?.files?.[0];
    if (file) onFile(file);
  });
}

// A file dropped elsewhere on the page must not replace the page.
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => event.preventDefault());

// ---- the HTML report's behaviour, for reports shown in the page -------------------------------

// A finding's link scrolls to its clause (a plain anchor); the clause's highlights are outlined.
function flash() {
  const id = decodeURIComponent(location.hash.slice(1));
  for (const m of document.querySelectorAll(".report-view mark.flash")) m.classList.remove("flash");
  if (!id) return;
  for (const m of document.querySelectorAll(".report-view mark[data-clauses]")) {
    if (` ${m.getAttribute("data-clauses")} `.includes(` ${id} `)) m.classList.add("flash");
  }
}
window.addEventListener("hashchange", flash);
// A click on a highlighted clause goes back to its finding.
document.addEventListener("click", (event) => {
  const mark = event.target?.closest?.(".report-view mark[data-finding]");
  if (mark && !window.getSelection()?.toString()) location.hash = mark.getAttribute("data-finding");
});

// ---- review a draft -----------------------------------------------------------------------

/** What was last reviewed: a File, or pasted text with a name. */
let reviewed = null;

function reviewBody(item) {
  const form = new FormData();
  if (item.file) form.append("file", item.file, item.file.name);
  else {
    form.append("name", item.name);
    form.append("text", item.text);
  }
  return form;
}

async function review(item) {
  clearError();
  reviewed = item;
  $("review-downloads").hidden = true;
  $("review-result").replaceChildren();
  status("review", `Checking ${item.file ? item.file.name : item.name}…`);
  try {
    const res = await api("/v1/check?format=html", { method: "POST", body: reviewBody(item) });
    $("review-result").replaceChildren(reportBody(await res.text()));
    $("review-downloads").hidden = false;
    status("review", `Checked ${item.file ? item.file.name : item.name}.`);
  } catch (e) {
    status("review", "");
    showError(e);
  }
}

dropZone($("review-drop"), (file) => review({ file }));
$("review-text-check").addEventListener("click", () => {
  const text = $("review-text").value;
  if (!text.trim()) return showError(new DeskError("Paste an agreement's text first."));
  review({ name: "pasted.txt", text });
});

for (const button of $("review-downloads").querySelectorAll("button")) {
  button.addEventListener("click", async () => {
    if (!reviewed) return;
    const format = button.dataset.format;
    try {
      const res = await api(`/v1/check?format=${format}`, { method: "POST", body: reviewBody(reviewed) });
      const [ext, type] = EXTENSIONS[format];
      download(await res.text(), `${baseName(reviewed.file ? reviewed.file.name : reviewed.name)}.clausecheck${ext}`, type);
    } catch (e) {
      showError(e);
    }
  });
}

// ---- compare drafts -----------------------------------------------------------------------

const drafts = { before: null, after: null };

function diffBody() {
  const form = new FormData();
  form.append("before", drafts.before, drafts.before.name);
  form.append("after", drafts.after, drafts.after.name);
  return form;
}

async function compare() {
  if (!drafts.before || !drafts.after) {
    status("compare", drafts.before ? "Now choose the later draft." : "Now choose the earlier draft.");
    return;
  }
  clearError();
  $("compare-downloads").hidden = true;
  $("compare-result").replaceChildren();
  status("compare", `Comparing ${drafts.before.name} with ${drafts.after.name}…`);
  try {
    const res = await api("/v1/diff?format=html", { method: "POST", body: diffBody() });
    $("compare-result").replaceChildren(reportBody(await res.text()));
    $("compare-downloads").hidden = false;
    status("compare", `Compared ${drafts.before.name} with ${drafts.after.name}.`);
  } catch (e) {
    status("compare", "");
    showError(e);
  }
}

for (const which of ["before", "after"]) {
  dropZone($(`${which}-drop`), (file) => {
    drafts[which] = file;
    $(`${which}-name`).textContent = file.name;
    $(`${which}-drop`).classList.add("chosen");
    compare();
  });
}

for (const button of $("compare-downloads").querySelectorAll("button")) {
  button.addEventListener("click", async () => {
    if (!drafts.before || !drafts.after) return;
    const format = button.dataset.format;
    try {
      const res = await api(`/v1/diff?format=${format}`, { method: "POST", body: diffBody() });
      const [ext, type] = EXTENSIONS[format];
      download(await res.text(), `${baseName(drafts.before.name)}-vs-${baseName(drafts.after.name)}.clausecheck${ext}`, type);
    } catch (e) {
      showError(e);
    }
  });
}

// ---- rule playground ----------------------------------------------------------------------

/** The rules the server runs, each with its file's text once fetched. */
let rules = null;
const sources = new Map();
const PASTE = "__paste__";

async function loadRules() {
  if (rules) return;
  try {
    rules = (await (await api("/v1/rules")).json()).rules;
    const select = $("pg-rule");
    select.replaceChildren(
      ...rules.map((r) => new Option(`${r.title} (${r.id})`, r.id)),
      new Option("Paste a rule file…", PASTE),
    );
    await chooseRule(rules[0]?.id ?? PASTE);
  } catch (e) {
    rules = null;
    showError(e);
  }
}

async function chooseRule(id) {
  $("pg-rule").value = id;
  if (id === PASTE) {
    $("pg-rule-text").value = "";
    $("pg-rule-text").focus();
  } else {
    if (!sources.has(id)) sources.set(id, (await (await api(`/v1/rules/${encodeURIComponent(id)}`)).json()).source);
    $("pg-rule-text").value = sources.get(id);
  }
  explainSoon();
}

$("pg-rule").addEventListener("change", () => chooseRule($("pg-rule").value).catch(showError));

let timer = null;
let asked = 0;
function explainSoon() {
  clearTimeout(timer);
  timer = setTimeout(explain, 150);
}
$("pg-clause").addEventListener("input", explainSoon);
$("pg-rule-text").addEventListener("input", explainSoon);

/** The request for the rule as it stands: the loaded rule by id, or the file's text once edited. */
function ruleRequest() {
  const id = $("pg-rule").value;
  const text = $("pg-rule-text").value;
  return id !== PASTE && sources.get(id) === text ? { rule: id } : { ruleText: text };
}

async function explain() {
  const clause = $("pg-clause").value;
  const ticket = ++asked;
  if (!clause.trim()) {
    $("pg-verdict").replaceChildren();
    $("pg-details").replaceChildren();
    showProblems([]);
    return;
  }
  try {
    const request = ruleRequest();
    const res = await api("/v1/explain", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...request, text: clause }) });
    const x = await res.json();
    if (ticket !== asked) return;
    clearError();
    status("playground", request.rule ? `The rule ${request.rule} as the server runs it.` : "The rule file as written here (not saved anywhere).");
    showProblems([]);
    showExplanation(x);
  } catch (e) {
    if (ticket !== asked) return;
    if (e instanceof DeskError && Array.isArray(e.body?.problems)) {
      showProblems(e.body.problems);
      $("pg-verdict").replaceChildren(el("span", { className: "fails" }, "The rule file has mistakes"));
      $("pg-details").replaceChildren();
      return;
    }
    showError(e);
  }
}

/** An element with properties and children (text or nodes): the page never parses data as HTML. */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

function shown(v) {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "(none)";
  return String(v);
}

function showExplanation(x) {
  const r = x.result;
  const meets = r.status === "pass";
  $("pg-verdict").replaceChildren(
    el("span", { className: meets ? "meets" : "fails", id: "pg-outcome" }, meets ? "✓ Meets the rule" : `✗ Fails: ${r.severity} gap, ${r.reason}`),
    el("p", { id: "pg-message" }, r.message),
  );
  const clause = x.clauses.find((c) => c.chosen) ?? x.clauses[0];
  const facts = el("dl", {});
  const fact = (name, value) => facts.append(el("dt", {}, name), el("dd", {}, value));
  fact("Statement", clause ? `${clause.statement ?? "(none)"}${clause.statementCue ? ` ("${clause.statementCue}")` : ""}${clause.frame ? `, framed by ${clause.frame}` : ""}` : "no clause recognised");
  const values = Object.entries(r.values ?? {});
  fact("Values read", values.length ? values.map(([k, v]) => `${k} = ${shown(v)}`).join("; ") : "(none)");
  if (r.expected !== undefined) fact("Expected", `${r.expected}; found ${r.actual ?? "nothing"}`);
  const details = [el("h3", {}, "What was read"), facts];
  const conditions = el("table", { className: "conditions" }, el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, "condition"), el("th", {}, "found"), el("th", {}, "required"))));
  const body = el("tbody", {});
  for (const c of x.conditions) {
    body.append(el("tr", {}, el("td", {}, c.result ? "✓" : "✗"), el("td", {}, el("code", {}, c.path ?? c.name)), el("td", {}, JSON.stringify(c.factResult) ?? ""), el("td", {}, `${c.operator ?? ""} ${JSON.stringify(c.value) ?? ""}`)));
  }
  conditions.append(body);
  details.push(el("h3", {}, "Conditions"), conditions);
  for (const m of clause?.matches ?? []) {
    details.push(el("h3", {}, "Where the pattern matched"), el("p", { className: "match-text" }, el("mark", {}, m.text)), el("p", {}, el("code", {}, m.pattern)));
    if (m.predicate) details.push(el("p", {}, "Predicate: ", el("strong", {}, m.predicate)));
    if (m.parts?.length) {
      const parts = el("table", { className: "parts" }, el("thead", {}, el("tr", {}, el("th", {}, "part of the pattern"), el("th", {}, "matched"))));
      const rows = el("tbody", {});
      for (const p of m.parts) rows.append(el("tr", {}, el("td", {}, el("code", {}, p.part)), p.text ? el("td", {}, p.text) : el("td", { className: "none" }, "left out")));
      parts.append(rows);
      details.push(parts);
    }
  }
  if (x.nearMisses.length) details.push(el("h3", {}, "Near misses"), el("ul", {}, ...x.nearMisses.map((n) => el("li", {}, n))));
  if (!clause) details.push(el("h3", {}, "Searched for"), el("ul", {}, ...x.searched.map((s) => el("li", {}, el("code", {}, s)))));
  $("pg-details").replaceChildren(...details);
}

/** Each mistake of the rule file at its line:column; choosing one puts the cursor there. */
function showProblems(problems) {
  $("pg-problems-title").hidden = problems.length === 0;
  $("pg-problems").replaceChildren(
    ...problems.map((p) => {
      const go = el("button", { type: "button" }, `${p.line}:${p.column}`);
      go.addEventListener("click", () => moveTo(p.line, p.column));
      return el("li", {}, go, " ", el("code", {}, p.code), " ", p.message);
    }),
  );
}

function moveTo(line, column) {
  const area = $("pg-rule-text");
  const lines = area.value.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += column - 1;
  area.focus();
  area.setSelectionRange(offset, offset);
  // Bring the line into view: a textarea does not always scroll to a caret set by script.
  const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 19;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
  area.scrollLeft = 0;
}

// The address names a tab (#review, #compare, #playground): open it, now and when it changes.
const TAB_OF = { "#review": "tab-review", "#compare": "tab-compare", "#playground": "tab-playground" };
function tabFromAddress() {
  const tab = TAB_OF[location.hash];
  if (tab) selectTab($(tab), false);
}
window.addEventListener("hashchange", tabFromAddress);
tabFromAddress();
