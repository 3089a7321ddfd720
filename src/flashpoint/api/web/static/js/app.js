// The dashboard: hash routes #/dyad/PAK-AFG, #/claims, #/quotes, #/event/<id>. Plain ES modules, no build.
import { enc, get, post, setToken, token } from "./api.js";
import { clear, codes, errorBox, h, parties, range } from "./dom.js";
import { filters, onChange, params, setFilters, setupFilterBar } from "./filters.js";
import { drawMap, loadGeo } from "./map.js";
import { drawTimeline } from "./timeline.js";

const main = () => document.getElementById("main");
let generation = 0; // a page rendered for an older route is dropped

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page, ...rest] = hash.split("/");
  return { page: page || "dyad", arg: decodeURIComponent(rest.join("/")) };
}

function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}

function eventLink(id, label) {
  return h("a", { href: `#/event/${enc(id)}`, class: "event-link", "data-event": id }, label || id);
}

function verdictBadge(review) {
  if (!review) return h("span", { class: "badge unreviewed" }, "unreviewed");
  return h("span", { class: `badge verdict-${review.verdict}`, title: review.reason || "" }, review.verdict);
}

// -- event lists --------------------------------------------------------------------------------------
function eventTable(items) {
  const rows = items.map((ev) =>
    h("tr", { "data-event": ev.id, "data-category": ev.category },
      h("td", { class: "nowrap" }, ev.date || "—"),
      h("td", {}, h("span", { class: `cat cat-${ev.category}` }, ev.category)),
      h("td", {}, `${codes(ev.actors)} → ${codes(ev.recipients)}`),
      h("td", {}, ev.status),
      h("td", {}, ev.place_name || ""),
      h("td", { class: "num" }, range(ev.fatalities_low, ev.fatalities_high)),
      h("td", { class: "evidence" }, eventLink(ev.id, ev.event_text || ev.trigger || ev.id)),
      h("td", {}, ev.source || ""),
      h("td", {}, verdictBadge(ev.review)),
    ));
  return h("div", { class: "table-wrap" }, h("table", { class: "events" },
    h("thead", {}, h("tr", {}, ...["date", "category", "actor → recipient", "status", "place", "dead", "evidence", "source", "review"].map((c) => h("th", {}, c)))),
    h("tbody", {}, ...rows)));
}

async function eventList(extra = {}, pageSize = 50) {
  const box = h("div", { class: "event-list" });
  const count = h("p", { class: "muted count" });
  const more = h("button", { type: "button", class: "more" }, "More");
  let cursor = null;
  let shown = [];
  const tableBox = h("div");
  async function next() {
    const page = await get("/events", params({ ...extra, limit: pageSize, cursor }));
    shown = shown.concat(page.items);
    cursor = page.next_cursor;
    clear(tableBox).append(shown.length ? eventTable(shown) : h("p", { class: "muted" }, "No event matches these filters."));
    count.textContent = `${shown.length} event(s)${cursor ? " shown; more below" : ""}`;
    more.hidden = !cursor;
    return page.items;
  }
  more.addEventListener("click", () => next().catch((err) => box.append(errorBox(err))));
  const first = await next();
  box.append(count, tableBox, more);
  return { box, first };
}

// -- the dyad page ------------------------------------------------------------------------------------
function boardLines(lines, empty) {
  if (!lines || !lines.length) return h("p", { class: "muted" }, empty);
  return h("ul", { class: "board-lines" }, ...lines.map((line) =>
    h("li", {},
      h("span", { class: "date" }, line.date || "undated"), " ",
      line.summary, " ",
      ...(line.evidence || []).slice(0, 3).map((ev, i) => [eventLink(ev.event_id, `[${i + 1}]`), " "]),
    )));
}

function board(sit) {
  const casualties = h("table", { class: "casualties" },
    h("thead", {}, h("tr", {}, h("th", {}, "last"), h("th", {}, "incidents"), h("th", {}, "dead"), h("th", {}, "by source"))),
    h("tbody", {}, ...(sit.casualties || []).map((w) => h("tr", {},
      h("td", {}, `${w.days} days`),
      h("td", { class: "num" }, String(w.incidents)),
      h("td", { class: "num" }, range(w.low, w.high)),
      h("td", {}, (w.by_source || []).map(([src, lo, hi]) => `${src} ${range(lo, hi)}`).join("; ") || "—"),
    ))));
  return h("div", { class: "board", id: "board" },
    h("div", { class: "board-head" },
      h("div", { class: `ceasefire state-${sit.ceasefire_state}` }, "ceasefire: ", h("strong", {}, sit.ceasefire_state)),
      h("div", {}, "as of ", h("strong", {}, sit.as_of)),
      h("div", {}, "mediators: ", (sit.mediators || []).join(", ") || "none"),
      h("div", {}, "next talks: ", sit.next_talks ? `${sit.next_talks.date || "?"} ${sit.next_talks.summary}` : "none announced"),
    ),
    h("div", { class: "board-grid" },
      section("Casualties", casualties),
      section("Talks", boardLines(sit.talks, "no talks reported")),
      section("Ceasefire", boardLines([sit.ceasefire, ...(sit.violations || [])].filter(Boolean), "no ceasefire or violation")),
      section("Pledges", boardLines(sit.pledges, "no pledges")),
      section("Borders and crossings", boardLines(sit.borders, "no closure or reopening")),
      section("Displacement", boardLines(sit.displacement, "no deportation or displacement")),
      section("Claims", boardLines(sit.claims, "no claims")),
      section("Threats and demands", boardLines([...(sit.threats || []), ...(sit.demands || [])], "no threats or demands")),
    ));
}

async function dyadPage(el, dyad, gen) {
  const [a, b] = dyad.split("-");
  if (!a || !b) throw new Error(`not a dyad: ${dyad} (write it like PAK-AFG)`);
  if (filters().dyad !== dyad) setFilters({ ...filters(), dyad }, { silent: true });
  const title = h("h1", {}, `${a} – ${b}`);
  const boardBox = h("div", {}, h("p", { class: "muted" }, "loading the situation…"));
  const timelineBox = h("div", { id: "timeline" }, h("p", { class: "muted" }, "loading the timeline…"));
  const forecastNote = h("p", { class: "muted forecast-note" });
  const mapBox = h("div", { id: "map" }, h("p", { class: "muted" }, "loading the map…"));
  const listBox = h("div", { id: "events" });
  el.append(title, boardBox,
    section("Timeline", timelineBox, forecastNote),
    h("div", { class: "two" }, section("Map", mapBox), section("Events", listBox)));
  const path = `/dyads/${enc(a)}-${enc(b)}`;
  const jobs = [
    get(`${path}/situation`, { as_of: filters().until }).then((sit) => clear(boardBox).append(board(sit)), (err) => clear(boardBox).append(errorBox(err))),
    Promise.all([
      get(`${path}/timeline`, { freq: "week", since: filters().since, until: filters().until }),
      get(`${path}/forecast`).catch((err) => ({ error: err })),
    ]).then(([series, outlook]) => {
      if (gen !== generation) return;
      clear(timelineBox).append(drawTimeline(series, outlook.error ? null : outlook));
      if (outlook.error) forecastNote.textContent = `No forecast: ${outlook.error.message}`;
      else {
        const warn = (outlook.warnings || []).map((w) => `warning for the week of ${w.week}: p=${w.probability.toFixed(2)} (${w.model})`);
        const beats = Object.entries(outlook.beats || {}).map(([t, ok]) => `${t}: model ${ok ? "beats" : "does not beat"} the baselines`);
        forecastNote.textContent = [...warn, ...beats].join(" · ") || "no warning";
      }
    }, (err) => clear(timelineBox).append(errorBox(err))),
    eventList().then(({ box, first }) => {
      clear(listBox).append(box);
      return loadGeo().then((data) => {
        if (gen !== generation) return;
        clear(mapBox).append(drawMap(data, first, (ev) => { location.hash = `#/event/${enc(ev.id)}`; }));
      });
    }).catch((err) => clear(listBox).append(errorBox(err))),
  ];
  await Promise.all(jobs);
}

// -- claims -------------------------------------------------------------------------------------------
async function claimsPage(el) {
  el.append(h("h1", {}, "Claims and denials"),
    h("p", { class: "muted" }, "Who accuses whom of what; the denials that answer an accusation stand beside it."));
  const [accusations, denials, disputed] = await Promise.all([
    get("/events", params({ category: "ACCUSE", limit: 200 })),
    get("/events", params({ category: "REJECT", limit: 200 })),
    get("/events", params({ status: ["alleged", "disputed", "denied"], limit: 500 })),
  ]);
  const byId = new Map([...accusations.items, ...denials.items, ...disputed.items].map((e) => [e.id, e]));
  const answered = new Set();
  const rows = accusations.items.map((acc) => {
    const what = (acc.related || []).map((id) => byId.get(id)).filter(Boolean);
    const keys = new Set([acc.id, ...(acc.related || [])]);
    const answers = denials.items.filter((d) => (d.related || []).some((r) => keys.has(r)));
    answers.forEach((d) => answered.add(d.id));
    return h("tr", { class: "claim", "data-event": acc.id },
      h("td", { class: "nowrap" }, acc.date || "—"),
      h("td", {}, h("strong", {}, parties(acc.actors)), " accuses ", h("strong", {}, parties(acc.recipients))),
      h("td", {},
        eventLink(acc.id, acc.event_text || acc.id),
        what.length ? h("ul", { class: "what" }, ...what.map((w) => h("li", {}, `${w.category} (${w.status}) `, eventLink(w.id, w.event_text || w.id)))) : (acc.comment ? h("p", { class: "muted" }, acc.comment) : null)),
      h("td", { class: "denials" }, answers.length
        ? answers.map((d) => h("div", { class: "denial" }, h("strong", {}, parties(d.actors)), " denies: ", eventLink(d.id, d.event_text || d.id)))
        : h("span", { class: "muted" }, "no denial reported")),
      h("td", {}, acc.source || ""));
  });
  const loose = denials.items.filter((d) => !answered.has(d.id));
  el.append(section(`Accusations (${accusations.items.length})`,
    rows.length
      ? h("table", { class: "claims" },
          h("thead", {}, h("tr", {}, ...["date", "who accuses whom", "of what", "denials", "source"].map((c) => h("th", {}, c)))),
          h("tbody", {}, ...rows))
      : h("p", { class: "muted" }, "No accusation matches these filters.")));
  if (loose.length) {
    el.append(section(`Other denials and rejections (${loose.length})`, eventTable(loose)));
  }
}

// -- quotes -------------------------------------------------------------------------------------------
async function quotesPage(el, gen) {
  const form = h("form", { class: "quote-search", id: "quote-search" },
    h("label", {}, "Speaker ", h("input", { name: "speaker", id: "q-speaker", placeholder: "e.g. PAK or Asif" })),
    h("label", {}, "Words ", h("input", { name: "text", id: "q-text" })),
    h("button", { type: "submit" }, "Search"));
  const results = h("div", { id: "quotes" });
  el.append(h("h1", {}, "Quotes"), form, results);
  async function search() {
    const speaker = form.elements.namedItem("speaker").value.trim();
    const text = form.elements.namedItem("text").value.trim();
    const page = await get("/quotes", { speaker, text, dyad: filters().dyad, limit: 100 });
    if (gen !== generation) return;
    clear(results).append(page.items.length
      ? h("ul", { class: "quotes" }, ...page.items.map((q) => h("li", { class: "quote", "data-speaker": q.speaker_code || "" },
          h("blockquote", {}, q.text),
          h("p", { class: "who" }, "— ", h("strong", {}, q.speaker_text || "unknown speaker"),
            q.speaker_office ? `, ${q.speaker_office}` : "", q.speaker_code ? ` (${q.speaker_code})` : "",
            q.cue ? ` · ${q.cue}` : "", q.outlet ? ` · via ${q.outlet}` : "", q.date ? ` · ${q.date}` : "", " · ",
            h("a", { href: `#/event-doc/${enc(q.article_id)}` }, "article")))))
      : h("p", { class: "muted" }, "No quote matches."));
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    search().catch((err) => clear(results).append(errorBox(err)));
  });
  await search();
}

// -- the event page -----------------------------------------------------------------------------------
/** Offsets are code points (Python); JavaScript strings count UTF-16 units, so slice by code points. */
export function splitEvidence(text, start, end) {
  const cps = Array.from(text);
  return [cps.slice(0, start).join(""), cps.slice(start, end).join(""), cps.slice(end).join("")];
}

function articleText(text, ev) {
  const box = h("div", { class: "article-text", id: "article-text" });
  if (ev.start === null || ev.start === undefined || ev.end === null || ev.end === undefined) {
    box.append(text);
    return box;
  }
  const [before, evidence, after] = splitEvidence(text, ev.start, ev.end);
  const mark = h("mark", { class: "evidence", id: "evidence" }, evidence);
  box.append(before, mark, after);
  if (ev.event_text && evidence !== ev.event_text) {
    box.prepend(h("p", { class: "error" }, "The evidence offsets do not match the event's text."));
  }
  return box;
}

function facts(pairs) {
  return h("dl", { class: "facts" }, ...pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function reviewForm(ev, onDone) {
  const status = h("p", { class: "review-status", id: "review-status", role: "status" });
  const tokenInput = h("input", { type: "password", name: "token", id: "r-token", placeholder: token() ? "token kept for this tab" : "your analyst token", autocomplete: "off" });
  const form = h("form", { class: "review", id: "review-form" },
    h("label", {}, "Verdict ", h("select", { name: "verdict", id: "r-verdict" },
      ...["verified", "disputed", "rejected", "unverifiable"].map((v) => h("option", { value: v }, v)))),
    h("label", {}, "Reason ", h("input", { name: "reason", id: "r-reason", size: "40", required: true })),
    h("label", {}, "Token ", tokenInput),
    h("button", { type: "submit", id: "r-submit" }, "Save review"),
    status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (tokenInput.value) setToken(tokenInput.value);
    tokenInput.value = "";
    status.className = "review-status";
    status.textContent = "saving…";
    try {
      const done = await post(`/events/${enc(ev.id)}/review`, {
        verdict: form.elements.namedItem("verdict").value,
        reason: form.elements.namedItem("reason").value,
      });
      status.classList.add("ok");
      status.textContent = `Saved: ${done.verdict} by ${done.user} at ${done.at}`;
      onDone(done);
    } catch (err) {
      if (err.status === 401 || err.status === 403) setToken("");
      status.classList.add("error");
      status.textContent = `Not saved: ${err.message}`;
    }
  });
  return form;
}

async function eventPage(el, id) {
  const ev = await get(`/events/${enc(id)}`);
  const doc = ev.article_id ? await get(`/documents/${enc(ev.article_id)}`).catch(() => null) : null;
  const review = h("div", { id: "current-review" }, "current review: ", verdictBadge(ev.review),
    ev.review ? ` ${ev.review.reason || ""} (${ev.review.user}, ${ev.review.at})` : "");
  el.append(
    h("h1", {}, `${ev.category} `, h("span", { class: "muted" }, ev.id)),
    h("div", { class: "two" },
      section("Event",
        facts([
          ["actors", parties(ev.actors)], ["recipients", parties(ev.recipients)], ["status", ev.status],
          ["claimants", ev.claimants && ev.claimants.length ? parties(ev.claimants) : null],
          ["mode", ev.mode], ["date", ev.date ? `${ev.date} (${ev.date_precision || "?"})` : null],
          ["place", ev.place_name ? `${ev.place_name}${ev.place_country ? ", " + ev.place_country : ""}` : null],
          ["dead", range(ev.fatalities_low, ev.fatalities_high)], ["trigger", ev.trigger], ["comment", ev.comment],
          ["incident", ev.incident_id ? h("a", { href: `#/incident/${enc(ev.incident_id)}`, id: "incident-link" }, ev.incident_id) : null],
        ]),
        review),
      section("Sources and provenance",
        facts([
          ["outlet", ev.source], ["cited outlets", (ev.source_outlets || []).join(", ")],
          ["title", doc ? doc.title : ev.article && ev.article.title],
          ["publisher", doc ? doc.publisher : ev.article && ev.article.publisher],
          ["published", doc ? doc.published : ev.article && ev.article.published],
          ["reported", ev.reported],
          ["url", (doc && doc.url) ? h("a", { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank" }, doc.url) : null],
          ["read from", doc && doc.source], ["language", doc && doc.language],
          ["extractor", doc && (doc.extractor_version || doc.extractor)], ["pipeline", doc && doc.pipeline],
          ["pattern", ev.pattern], ["origin", ev.origin], ["dataset id", ev.dataset_id],
        ]))),
    section("Review", reviewForm(ev, (done) => clear(review).append("current review: ", verdictBadge(done), ` ${done.reason || ""} (${done.user}, ${done.at})`))),
  );
  if (doc) {
    el.append(section("Article (evidence highlighted)", articleText(doc.text, ev)));
    const others = (doc.events || []).filter((o) => o.id !== ev.id);
    if (others.length) el.append(section("Other events of this article", eventTable(others)));
  } else if (ev.event_text) {
    el.append(section("Evidence", h("blockquote", {}, ev.event_text)));
  }
}

async function incidentPage(el, id) {
  const inc = await get(`/incidents/${enc(id)}`);
  el.append(h("h1", {}, `Incident ${inc.id}`),
    section("Incident", facts([
      ["category", inc.category], ["status", inc.status], ["place", inc.place_name],
      ["dates", `${inc.date_start || "?"} – ${inc.date_end || "?"}`], ["dead", range(inc.fatalities_low, inc.fatalities_high)],
      ["sources", `${inc.source_count} independent of ${inc.article_count} report(s)`],
    ])),
    section("Reports", eventTable(inc.items || [])));
}

async function documentPage(el, id) {
  const doc = await get(`/documents/${enc(id)}`);
  el.append(h("h1", {}, doc.title || doc.id), facts([["publisher", doc.publisher], ["published", doc.published]]),
    section("Events", eventTable(doc.events || [])), section("Article", h("div", { class: "article-text" }, doc.text)));
}

// -- router -------------------------------------------------------------------------------------------
async function render() {
  const gen = ++generation;
  const { page, arg } = route();
  const el = clear(main());
  document.body.dataset.page = page;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.id === `nav-${page}`);
  el.setAttribute("aria-busy", "true");
  try {
    if (page === "dyad") await dyadPage(el, (arg || filters().dyad || "PAK-AFG").toUpperCase(), gen);
    else if (page === "claims") await claimsPage(el);
    else if (page === "quotes") await quotesPage(el, gen);
    else if (page === "event") await eventPage(el, arg);
    else if (page === "incident") await incidentPage(el, arg);
    else if (page === "event-doc") await documentPage(el, arg);
    else el.append(h("p", { class: "error" }, `No page ${page}.`));
  } catch (err) {
    if (gen === generation) el.append(errorBox(err));
  } finally {
    if (gen === generation) {
      el.setAttribute("aria-busy", "false");
      document.body.dataset.ready = String(gen);
    }
  }
}

function start() {
  setupFilterBar();
  onChange((f) => {
    const { page } = route();
    if (page === "dyad" && f.dyad) {
      const target = `#/dyad/${f.dyad}`;
      if (location.hash !== target) {
        location.hash = target;
        return;
      }
    }
    render();
  });
  window.addEventListener("hashchange", render);
  if (!location.hash) location.hash = `#/dyad/${filters().dyad || "PAK-AFG"}`;
  else render();
}

start();
