// The API client: every call goes to this server's /api (the dashboard is fully offline).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Query string from an object; arrays repeat the key; empty values are left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== "" && v !== null && v !== undefined) q.append(key, v === true ? "true" : String(v));
    }
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}

async function parse(response) {
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const reason = body && body.error ? body.error : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, reason);
  }
  return body;
}

const TOKEN_KEY = "flashpoint.token";

/** The analyst's token, typed once and kept for this browser tab only (sessionStorage). */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const out = { Accept: "application/json", ...extra };
  if (token()) out.Authorization = `Bearer ${token()}`; // reads may be private too
  return out;
}

export async function get(path, params) {
  return parse(await fetch(`/api${path}${query(params)}`, { headers: headers() }));
}

export async function post(path, body) {
  const hs = headers({ "Content-Type": "application/json" });
  return parse(await fetch(`/api${path}`, { method: "POST", headers: hs, body: JSON.stringify(body) }));
}

export const enc = encodeURIComponent;
