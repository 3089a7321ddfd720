// The dyad timeline drawn as SVG: one lane per group of PLOVER categories (as dyad/records.py LANES), bars of
// incidents per period, and the forecast band of violent incidents after the last observed week.
import { s } from "./dom.js";

export const LANES = [
  ["violence", "violence", ["ASSAULT"]],
  ["coercion", "coercion", ["COERCE", "MOBILIZE", "SANCTION", "THREATEN", "PROTEST"]],
  ["diplomacy", "diplomacy", ["CONSULT", "AGREE", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "SUPPORT"]],
  ["claims", "claims & denials", ["ACCUSE", "REJECT", "INVESTIGATE", "DISAPPROVE"]],
];

const DAY = 86400000;

function toDate(iso) {
  return new Date(`${iso}T00:00:00Z`);
}

function count(point, categories) {
  const counts = Object.fromEntries(point.counts || []);
  return categories.reduce((n, c) => n + (counts[c] || 0), 0);
}

/** Hawkes forecasts of violent incidents, horizon 1..4, as [{date, q025, q10, q50, q90, q975}]. */
export function band(outlook) {
  const forecasts = Array.isArray(outlook) ? outlook : (outlook && outlook.forecasts) || [];
  return forecasts
    .filter((f) => f.target === "violent" && f.model === "hawkes")
    .sort((a, b) => a.horizon - b.horizon)
    .map((f) => {
      const q = Object.fromEntries((f.quantiles || []).map(([p, v]) => [String(p), v]));
      const start = new Date(toDate(f.origin).getTime() + 7 * DAY * f.horizon);
      return { date: start, q025: q["0.025"], q10: q["0.1"], q50: q["0.5"], q90: q["0.9"], q975: q["0.975"], p: f.p_escalation };
    });
}

export function drawTimeline(series, outlook) {
  const points = (series && series.points) || [];
  const forecast = band(outlook);
  const width = 960;
  const left = 130;
  const right = 16;
  const laneH = 58;
  const top = 10;
  const axisH = 26;
  const height = top + LANES.length * laneH + axisH;
  const step = series && series.freq === "day" ? DAY : 7 * DAY;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img", "aria-label": "timeline lanes" });
  if (!points.length) {
    svg.append(s("text", { x: left, y: 40, class: "empty" }, "no dated incidents for this dyad"));
    return svg;
  }
  const t0 = toDate(points[0].start).getTime();
  const lastObserved = toDate(points[points.length - 1].start).getTime() + step;
  const t1 = Math.max(lastObserved, ...forecast.map((f) => f.date.getTime() + 7 * DAY));
  const x = (t) => left + ((t - t0) / Math.max(t1 - t0, step)) * (width - left - right);
  const barW = Math.max(1.5, x(t0 + step) - x(t0) - 1);

  LANES.forEach(([key, label, categories], i) => {
    const y0 = top + i * laneH;
    const values = points.map((p) => count(p, categories));
    let max = Math.max(1, ...values);
    if (key === "violence") max = Math.max(max, ...forecast.map((f) => f.q975 || 0));
    const g = s("g", { class: `lane lane-${key}`, "data-lane": key });
    g.append(
      s("rect", { x: left, y: y0, width: width - left - right, height: laneH - 6, class: "lane-bg" }),
      s("text", { x: 6, y: y0 + laneH / 2, class: "lane-label" }, label),
      s("text", { x: left - 6, y: y0 + 11, class: "lane-max", "text-anchor": "end" }, String(max)),
    );
    const scale = (v) => y0 + laneH - 6 - (v / max) * (laneH - 12);
    points.forEach((p, j) => {
      if (!values[j]) return;
      const bx = x(toDate(p.start).getTime());
      const by = scale(values[j]);
      g.append(
        s("rect", { x: bx, y: by, width: barW, height: y0 + laneH - 6 - by, class: "bar" },
          s("title", {}, `${p.start}: ${values[j]} ${label} incident(s)`)),
      );
    });
    if (key === "violence" && forecast.length) {
      const xs = forecast.map((f) => x(f.date.getTime()) + barW / 2);
      const area = (lo, hi) =>
        xs.map((px, j) => `${px},${scale(forecast[j][hi] || 0)}`).join(" ") +
        " " +
        xs.map((px, j) => `${px},${scale(forecast[j][lo] || 0)}`).reverse().join(" ");
      g.append(
        s("polygon", { points: area("q025", "q975"), class: "band95" }),
        s("polygon", { points: area("q10", "q90"), class: "band80" }),
        s("polyline", { points: xs.map((px, j) => `${px},${scale(forecast[j].q50 || 0)}`).join(" "), class: "band-median" }),
        s("line", { x1: x(lastObserved), x2: x(lastObserved), y1: y0, y2: y0 + laneH - 6, class: "now" }),
        s("text", { x: x(lastObserved) + 3, y: y0 + 11, class: "band-label" }, "forecast 80% / 95%"),
      );
      g.setAttribute("data-forecast", String(forecast.length));
    }
    svg.append(g);
  });
  // axis: the first day of each month (or each year when the span is long)
  const axisY = top + LANES.length * laneH + 14;
  const span = t1 - t0;
  const d = new Date(t0);
  d.setUTCDate(1);
  const monthStep = span > 3 * 365 * DAY ? 12 : span > 365 * DAY ? 3 : 1;
  for (let k = 0; k < 200; k++) {
    const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k * monthStep, 1);
    if (t > t1) break;
    if (t < t0) continue;
    const label = new Date(t).toISOString().slice(0, 7);
    svg.append(
      s("line", { x1: x(t), x2: x(t), y1: top, y2: axisY - 10, class: "grid" }),
      s("text", { x: x(t) + 2, y: axisY, class: "axis" }, label),
    );
  }
  return svg;
}
