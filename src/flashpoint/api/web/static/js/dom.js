// DOM helpers. Every string from the API or from an article becomes a text node: nothing here ever parses
// HTML (no innerHTML, outerHTML, insertAdjacentHTML or document.write anywhere in the dashboard).

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "href") {
      el.setAttribute("href", safeHref(String(value)));
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("p", {class: "x"}, "text", child). Strings are text nodes. */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, same rules. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Only links inside the app or to http(s) pages; anything else (javascript:, data:) becomes "#". */
export function safeHref(href) {
  if (href.startsWith("#") || href.startsWith("/")) return href;
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch {
    return "#";
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function parties(list) {
  if (!list || !list.length) return "—";
  return list.map((p) => (p.code ? `${p.text} (${p.code}${p.sector ? " " + p.sector : ""})` : p.text)).join(", ");
}

export function codes(list) {
  if (!list || !list.length) return "?";
  return [...new Set(list.map((p) => p.code || p.text))].join("/");
}

export function range(low, high) {
  if (low === null || low === undefined) return high === null || high === undefined ? "" : String(high);
  if (high === null || high === undefined || high === low) return String(low);
  return `${low}–${high}`;
}

export function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, err && err.message ? err.message : String(err));
}
