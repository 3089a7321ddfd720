// The filter bar: one state (kept in sessionStorage) that drives the lists and the Export link alike.
import { query } from "./api.js";

export const CATEGORIES = [
  "ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN", "PROTEST", "ACCUSE", "REJECT", "INVESTIGATE",
  "DISAPPROVE", "CONSULT", "AGREE", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "SUPPORT",
];
export const STATUSES = [
  "asserted", "alleged", "denied", "disputed", "hypothetical", "future", "negated", "historical",
];
const KEY = "flashpoint.filters";
const FIELDS = ["dyad", "category", "status", "since", "until", "text", "reviewed_only"];

let state = load();
const listeners = [];

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "{}");
  } catch {
    return {};
  }
}

export function filters() {
  return { ...state };
}

/** The filters as API query parameters (the CLI's names). */
export function params(extra = {}) {
  const out = {};
  for (const f of FIELDS) if (state[f]) out[f] = state[f];
  return { ...out, ...extra };
}

export function setFilters(next, { silent = false } = {}) {
  state = {};
  for (const f of FIELDS) if (next[f]) state[f] = next[f];
  sessionStorage.setItem(KEY, JSON.stringify(state));
  show();
  if (!silent) for (const fn of listeners) fn(filters());
}

export function onChange(fn) {
  listeners.push(fn);
}

export function exportHref(format) {
  return `/api/export${query({ format, ...params() })}`;
}

function option(value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

function show() {
  const form = document.getElementById("filters");
  for (const f of FIELDS) {
    const input = form.elements.namedItem(f);
    if (!input) continue;
    if (input.type === "checkbox") input.checked = Boolean(state[f]);
    else input.value = state[f] || "";
  }
  const format = document.getElementById("export-format").value;
  const link = document.getElementById("export");
  link.setAttribute("href", exportHref(format));
  link.setAttribute("download", `flashpoint-events.${format === "acled" ? "csv" : format === "geojson" ? "geojson" : "jsonl"}`);
}

export function setupFilterBar() {
  const form = document.getElementById("filters");
  const cat = document.getElementById("f-category");
  cat.append(option("", "any"), ...CATEGORIES.map((c) => option(c, c)));
  const status = document.getElementById("f-status");
  status.append(option("", "any"), ...STATUSES.map((c) => option(c, c)));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = {};
    for (const f of FIELDS) {
      const input = form.elements.namedItem(f);
      next[f] = input.type === "checkbox" ? input.checked : input.value.trim();
    }
    if (next.dyad) next.dyad = next.dyad.toUpperCase();
    setFilters(next);
  });
  document.getElementById("f-reset").addEventListener("click", () => setFilters({ dyad: state.dyad }));
  document.getElementById("export-format").addEventListener("change", show);
  show();
}
