// The event map: country and province boundaries shipped with the app (static/geo/focus.json, Natural Earth),
// an equirectangular projection scaled by cos(latitude) at the centre, events as dots. No tiles, no network.
import { s } from "./dom.js";
import { LANES } from "./timeline.js";

let geo = null;

export async function loadGeo() {
  if (!geo) {
    const response = await fetch("/static/geo/focus.json");
    if (!response.ok) throw new Error(`boundaries not found (${response.status})`);
    geo = await response.json();
  }
  return geo;
}

function lane(category) {
  const found = LANES.find(([, , cats]) => cats.includes(category));
  return found ? found[0] : "other";
}

/** The view: Pakistan and Afghanistan, widened to the events inside the shipped region. */
function view(events, region) {
  let [w, sth, e, n] = [60.5, 23.5, 77.5, 38.6];
  for (const ev of events) {
    if (ev.lon < region[0] || ev.lon > region[2] || ev.lat < region[1] || ev.lat > region[3]) continue;
    w = Math.min(w, ev.lon - 1.5);
    e = Math.max(e, ev.lon + 1.5);
    sth = Math.min(sth, ev.lat - 1.5);
    n = Math.max(n, ev.lat + 1.5);
  }
  return [w, sth, e, n];
}

function pathOf(geometry, project) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const parts = [];
  for (const poly of polys) {
    for (const ring of poly) {
      parts.push("M" + ring.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z");
    }
  }
  return parts.join("");
}

/** The SVG map of these events (items of /api/events); onPick(event) on a dot click. */
export function drawMap(data, events, onPick) {
  const placed = events.filter((ev) => typeof ev.lat === "number" && typeof ev.lon === "number");
  const region = data.region || [25, 5, 100, 50];
  const [w, sth, e, n] = view(placed, region);
  const k = Math.cos((((sth + n) / 2) * Math.PI) / 180);
  const width = 640;
  const scale = width / ((e - w) * k);
  const height = Math.round((n - sth) * scale);
  const project = (lon, lat) => [(lon - w) * k * scale, (n - lat) * scale];
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "map", role: "img", "aria-label": "map of events" });
  svg.append(s("rect", { x: 0, y: 0, width, height, class: "sea" }));
  const countries = s("g", { class: "countries" });
  const provinces = s("g", { class: "provinces" });
  const labels = s("g", { class: "labels" });
  for (const f of data.features) {
    const p = f.properties;
    const d = pathOf(f.geometry, project);
    if (p.level === "country") {
      countries.append(s("path", { d, class: `country c-${p.iso}`, "data-iso": p.iso }, s("title", {}, p.name)));
    } else {
      provinces.append(s("path", { d, class: "province", "data-iso": p.iso }, s("title", {}, `${p.name} (${p.iso})`)));
    }
  }
  for (const [iso, name, lon, lat] of [["PAK", "PAKISTAN", 69.0, 28.3], ["AFG", "AFGHANISTAN", 65.2, 33.6], ["IRN", "IRAN", 58.5, 31.5], ["IND", "INDIA", 75.5, 27.0], ["TJK", "TAJIKISTAN", 70.5, 38.7], ["UZB", "UZBEKISTAN", 64.0, 41.0], ["TKM", "TURKMENISTAN", 59.5, 39.2]]) {
    if (lon < w || lon > e || lat < sth || lat > n) continue;
    const [lx, ly] = project(lon, lat);
    labels.append(s("text", { x: lx, y: ly, class: "country-label", "text-anchor": "middle", "data-iso": iso }, name));
  }
  const dots = s("g", { class: "dots" });
  let outside = 0;
  for (const ev of placed) {
    if (ev.lon < w || ev.lon > e || ev.lat < sth || ev.lat > n) {
      outside += 1;
      continue;
    }
    const [cx, cy] = project(ev.lon, ev.lat);
    const dead = ev.fatalities_high || ev.fatalities_low || 0;
    const r = 4 + Math.min(8, Math.sqrt(dead));
    const title = `${ev.date || "undated"} ${ev.category} at ${ev.place_name || "?"}${dead ? `, ${dead} dead` : ""}`;
    dots.append(
      s("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: r.toFixed(1), class: `dot lane-${lane(ev.category)}`, "data-event": ev.id, onclick: () => onPick && onPick(ev) },
        s("title", {}, title)),
    );
  }
  svg.append(countries, provinces, labels, dots);
  if (outside) {
    svg.append(s("text", { x: 8, y: height - 8, class: "map-note" }, `${outside} event(s) outside this view`));
  }
  svg.setAttribute("data-dots", String(placed.length - outside));
  return svg;
}
