"""The dashboard in headless Chromium against the running app: dyad page, map, filters, event evidence,
escaped article text, review, export with filters, claims and quotes boards."""

from __future__ import annotations

import json
from typing import Any

import httpx
from corpus_kit import HOSTILE, bundles, hostile_event_id
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import Live, screenshot


def wait(driver: Any, css: str, timeout: float = 20) -> Any:
    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def ready(driver: Any, timeout: float = 20) -> None:
    """The current route finished rendering (the app sets aria-busy=false on <main>)."""
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "const m = document.getElementById('main'); return m && m.getAttribute('aria-busy') === 'false'"
        )
    )


def open_route(driver: Any, live: Live, route: str) -> None:
    driver.get(live.url("/#" + route))
    ready(driver)


def event_rows(driver: Any) -> list[Any]:
    rows: list[Any] = driver.find_elements(By.CSS_SELECTOR, "#events table.events tbody tr")
    return rows


def apply_filters(driver: Any, **values: str) -> None:
    for name, value in values.items():
        el = driver.find_element(By.CSS_SELECTOR, f"#filters [name={name}]")
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        elif el.get_attribute("type") == "date":
            driver.execute_script("arguments[0].value = arguments[1]", el, value)
        else:
            el.clear()
            el.send_keys(value)
    driver.find_element(By.ID, "f-apply").click()
    ready(driver)


def browser_fetch(driver: Any, href: str) -> str:
    """Fetch a URL from inside the page (the browser's own request), return the body."""
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text().then(t => done({status: r.status, text: t})))"
        ".catch(e => done({status: 0, text: String(e)}));",
        href,
    )
    assert result["status"] == 200, result
    return str(result["text"])


def test_dyad_page_renders_board_timeline_and_forecast(page: Any, live: Live) -> None:
    open_route(page, live, "/dyad/PAK-AFG")
    board = wait(page, "#board")
    assert "ceasefire" in board.text
    talks = page.find_elements(By.XPATH, "//section[h2='Talks']//li")
    assert len(talks) == len([b for b in bundles() for e in b.events if e.category == "CONSULT"])
    lanes = page.find_elements(By.CSS_SELECTOR, "svg.timeline g.lane")
    assert [g.get_attribute("data-lane") for g in lanes] == ["violence", "coercion", "diplomacy", "claims"]
    assert page.find_elements(By.CSS_SELECTOR, "svg.timeline .lane-violence rect.bar")
    assert page.find_elements(By.CSS_SELECTOR, "svg.timeline .lane-diplomacy rect.bar")
    assert page.find_elements(By.CSS_SELECTOR, "svg.timeline .lane-claims rect.bar")
    # the forecast band: four weeks of the model's 80% and 95% intervals after the last week
    violence = page.find_element(By.CSS_SELECTOR, "svg.timeline .lane-violence")
    assert violence.get_attribute("data-forecast") == "4"
    assert page.find_elements(By.CSS_SELECTOR, "svg.timeline polygon.band80")
    assert len(event_rows(page)) == 32  # every event of the dyad (the Qatar statement is not in it)
    screenshot(page, "dyad-page")


def test_map_draws_boundaries_and_event_dots(page: Any, live: Live) -> None:
    open_route(page, live, "/dyad/PAK-AFG")
    svg = wait(page, "#map svg.map")
    countries = {p.get_attribute("data-iso") for p in svg.find_elements(By.CSS_SELECTOR, "path.country")}
    assert {"PAK", "AFG", "IRN", "IND"} <= countries
    provinces = svg.find_elements(By.CSS_SELECTOR, "path.province")
    assert len([p for p in provinces if p.get_attribute("data-iso") == "PAK"]) >= 6
    assert len([p for p in provinces if p.get_attribute("data-iso") == "AFG"]) >= 30
    dots = svg.find_elements(By.CSS_SELECTOR, "circle.dot")
    placed = [e for b in bundles() for e in b.events if e.lat is not None and e.category != "REQUEST"]
    assert len(dots) == len(placed)
    # a dot at Torkham lies inside Pakistan's outline as drawn
    torkham = next(
        d for d in dots if "Torkham" in d.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    )
    inside = page.execute_script(
        "const svg = arguments[0], dot = arguments[1];"
        "const pak = svg.querySelector('path.country[data-iso=PAK]');"
        "const p = svg.createSVGPoint(); p.x = +dot.getAttribute('cx'); p.y = +dot.getAttribute('cy');"
        "return pak.isPointInFill(p);",
        svg,
        torkham,
    )
    assert inside
    screenshot(page, "map", svg)


def test_filter_by_category_changes_the_list(page: Any, live: Live) -> None:
    open_route(page, live, "/dyad/PAK-AFG")
    before = event_rows(page)
    assert {r.get_attribute("data-category") for r in before} >= {"ASSAULT", "CONSULT", "ACCUSE"}
    apply_filters(page, category="CONSULT")
    after = event_rows(page)
    expected = [e for b in bundles() for e in b.events if e.category == "CONSULT"]
    assert len(after) == len(expected) < len(before)
    assert {r.get_attribute("data-category") for r in after} == {"CONSULT"}
    # the filters drive the map too: only the Doha talks are dots now
    dots = page.find_elements(By.CSS_SELECTOR, "#map circle.dot")
    assert len(dots) == len(expected)
    screenshot(page, "dyad-filtered")


def test_event_page_highlights_the_evidence(page: Any, live: Live) -> None:
    bundle = next(b for b in bundles() if b.article.title == "Islamabad accuses Kabul")
    ev = next(e for e in bundle.events if e.category == "ACCUSE")
    open_route(page, live, "/dyad/PAK-AFG")
    page.find_element(By.CSS_SELECTOR, f"#events a.event-link[data-event='{ev.id}']").click()
    ready(page)
    mark = wait(page, "#article-text mark.evidence")
    assert mark.text == ev.event_text
    text = page.find_element(By.ID, "article-text").get_attribute("textContent")
    assert text == bundle.article.text
    provenance = page.find_element(By.XPATH, "//section[h2='Sources and provenance']").text
    assert "Express Tribune" in provenance
    assert str(bundle.article.published) in provenance
    document = httpx.get(live.url(f"/api/documents/{bundle.article.id}")).json()
    assert document["extractor_version"] == "flashpoint test-kit"
    assert "flashpoint test-kit" in provenance
    assert page.find_element(By.ID, "incident-link").text.startswith("inc-")
    screenshot(page, "event-page")


def test_article_markup_shows_as_text_and_runs_nothing(page: Any, live: Live) -> None:
    open_route(page, live, f"/event/{hostile_event_id()}")
    box = wait(page, "#article-text")
    assert box.get_attribute("textContent") == HOSTILE
    assert "<script>window.__pwned = 1;</script>" in box.text
    assert not box.find_elements(By.CSS_SELECTOR, "script, img")
    assert page.find_element(By.CSS_SELECTOR, "mark.evidence").text.startswith("Pakistani troops fired")
    title = page.find_element(By.XPATH, "//section[h2='Sources and provenance']").text
    assert '<b onmouseover="x()">Clash</b>' in title  # a title with markup is text too
    assert page.execute_script("return window.__pwned") is None
    assert page.execute_script("return document.querySelectorAll('script').length") == 1  # the app's own
    screenshot(page, "event-hostile")


def test_review_with_a_token_is_audited_and_in_the_change_feed(page: Any, live: Live) -> None:
    ev = next(e for b in bundles() for e in b.events if e.category == "ASSAULT")
    open_route(page, live, f"/event/{ev.id}")
    Select(page.find_element(By.ID, "r-verdict")).select_by_value("disputed")
    page.find_element(By.ID, "r-reason").send_keys("only one side reports it")
    # a wrong token: the reason from the API, nothing saved
    page.find_element(By.ID, "r-token").send_keys("wrong-token")
    page.find_element(By.ID, "r-submit").click()
    status = page.find_element(By.ID, "review-status")
    WebDriverWait(page, 10).until(lambda _d: "Not saved" in status.text)
    assert "token" in status.text
    page.find_element(By.ID, "r-token").send_keys(live.token)
    page.find_element(By.ID, "r-submit").click()
    WebDriverWait(page, 10).until(lambda _d: "Saved: disputed by analyst" in status.text)
    assert "disputed" in page.find_element(By.ID, "current-review").text
    assert page.execute_script("return sessionStorage.getItem('flashpoint.token')") == live.token
    screenshot(page, "event-reviewed")
    headers = {"Authorization": f"Bearer {live.token}"}
    audit = httpx.get(live.url("/api/audit"), headers=headers).json()["items"]
    assert any(json.dumps(a).count(ev.id) and "only one side reports it" in json.dumps(a) for a in audit)
    changes = httpx.get(live.url("/api/changes"), params={"limit": 1000}).json()["items"]
    assert any(c["kind"] == "reviewed" and c["id"] == ev.id for c in changes)
    item = httpx.get(live.url(f"/api/events/{ev.id}")).json()
    assert item["review"]["verdict"] == "disputed"
    assert item["review"]["user"] == "analyst"
    # the list shows the verdict, and "reviewed only" keeps only reviewed events
    open_route(page, live, "/dyad/PAK-AFG")
    page.find_element(By.ID, "f-reviewed").click()
    page.find_element(By.ID, "f-apply").click()
    ready(page)
    rows = event_rows(page)
    assert ev.id in {r.get_attribute("data-event") for r in rows}
    assert all("unreviewed" not in r.text for r in rows)


def test_export_honours_the_filters(page: Any, live: Live) -> None:
    open_route(page, live, "/dyad/PAK-AFG")
    apply_filters(page, category="ASSAULT", since="2025-09-01", until="2025-11-30")
    shown = {r.get_attribute("data-event") for r in event_rows(page)}
    href = page.find_element(By.ID, "export").get_attribute("href")
    assert "category=ASSAULT" in href
    assert "since=2025-09-01" in href
    assert "dyad=PAK-AFG" in href
    lines = [json.loads(x) for x in browser_fetch(page, href).splitlines() if x.strip()]
    expected = {
        e.id
        for b in bundles()
        for e in b.events
        if e.category == "ASSAULT"
        and e.date_start
        and "2025-09-01" <= e.date_start.isoformat() <= "2025-11-30"
    }
    assert {x["id"] for x in lines} == expected == shown
    Select(page.find_element(By.ID, "export-format")).select_by_value("geojson")
    href = page.find_element(By.ID, "export").get_attribute("href")
    assert href.count("format=geojson") == 1
    features = json.loads(browser_fetch(page, href))["features"]
    assert len(features) == len(expected)
    assert all(f["properties"]["category"] == "ASSAULT" for f in features)
    screenshot(page, "export-filtered")


def test_claims_board_puts_denials_beside_accusations(page: Any, live: Live) -> None:
    open_route(page, live, "/claims")
    row = wait(page, "table.claims tr.claim")
    cells = row.find_elements(By.TAG_NAME, "td")
    assert "Pakistan (PAK GOV) accuses the Taliban government (AFG GOV)" in cells[1].text
    assert "militants who attacked a checkpoint" in cells[2].text
    assert "denies: Kabul denied the charge" in cells[3].text
    screenshot(page, "claims")


def test_quotes_board_searches_by_speaker(page: Any, live: Live) -> None:
    open_route(page, live, "/quotes")
    wait(page, "#quotes li.quote")
    everyone = page.find_elements(By.CSS_SELECTOR, "#quotes li.quote")
    page.find_element(By.ID, "q-speaker").send_keys("Mujahid")
    page.find_element(By.CSS_SELECTOR, "#quote-search button").click()
    WebDriverWait(page, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#quotes li.quote")) < len(everyone)
    )
    quotes = page.find_elements(By.CSS_SELECTOR, "#quotes li.quote")
    assert len(quotes) == 15
    assert all("Zabihullah Mujahid" in q.text and q.get_attribute("data-speaker") == "AFG" for q in quotes)
    screenshot(page, "quotes")
