"""Where the work is now, in headless Chromium on the real server: an auditor opens the heatmap of Sinovik after a
month of demo history, sees each activity where instances wait coloured and badged with its count, switches the
colour to the waiting time, and clicks through to the instances waiting there. Debian's /usr/bin/chromium."""


import pytest

from engine import Alur, demo_history
from engine.vocabulary import Role

from test_webui_audit_browser import sign_in
from webui_fixtures import copy_database, live_server, template_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
SINOVIK = "kompetisi_sinovik"


@pytest.fixture
def history_db(template_db, tmp_path, request):  # noqa: F811
    path = copy_database(request, template_db, tmp_path / "alur.db")
    alur = Alur.open(path)
    alur.add_user("admin", roles=[Role.ADMIN])
    list(demo_history.fill(alur, months=1))
    heat = alur.heatmap(SINOVIK)
    alur.close()
    return path, heat


def heat_classes(page):
    found = page.eval_on_selector_all(
        "#heatmap-1 g.djs-element[data-element-id]",
        "els => els.map(e => [e.getAttribute('data-element-id'), e.getAttribute('class')])")
    return {element: {c for c in classes.split() if c.startswith("heat-")} for element, classes in found
            if "heat-" in classes}


def test_an_auditor_sees_where_the_work_waits_and_follows_it(browser, history_db):
    path, heat = history_db
    assert heat["activities"], "the month of history leaves work waiting"
    with live_server(path) as base:
        context, page, errors = sign_in(browser, base, "tanpa-lajur")
        page.goto(f"{base}/heatmap/{SINOVIK}")
        page.wait_for_selector("#heatmap-1[data-ready=true]")
        most = max(a["waiting"] for a in heat["activities"])
        by_count = heat_classes(page)
        levels = {a["element"]: f"heat-{-(-a['waiting'] * 4 // most)}" for a in heat["activities"]}
        assert {e: c - {"heat-late"} for e, c in by_count.items()} == {e: {lv} for e, lv in levels.items()}
        late = {a["element"] for a in heat["activities"] if a["late"]}
        assert {e for e, c in by_count.items() if "heat-late" in c} == late
        badges = page.eval_on_selector_all(".heat-badge[href]", "els => els.map(e => e.textContent)")
        assert sorted(badges) == sorted(str(a["waiting"]) for a in heat["activities"])
        page.check("input[name=heatmap-1-mode][value=wait]")
        longest = max(heat["activities"], key=lambda a: a["longest_minutes"])
        assert "heat-4" in heat_classes(page)[longest["element"]]
        page.click(f".djs-overlay-container a.heat-badge[href*='activity={longest['element']}']")
        page.wait_for_selector("#activity-filter")
        shown = page.eval_on_selector_all("tr[data-instance]", "els => els.map(e => +e.dataset.instance)")
        assert sorted(shown) == sorted(longest["instances"])
        assert errors == []
        context.close()
