"""In headless Chromium on the real server: staff start three cases with subjects from Mulai Proses, find one by its
subject in the inbox and in Daftar Proses, take it ("Saya kerjakan") so that a colleague sees it taken, and give
it back. Debian's /usr/bin/chromium through Playwright."""


import pytest

from engine import Alur
from test_webui_browser import Staff
from webui_fixtures import copy_database, live_server, template_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

SUBJECTS = ("Usulan gedung arsip", "Usulan taman kota", "Usulan jalan desa")


@pytest.fixture
def server(template_db, tmp_path, request):
    path = copy_database(request, template_db, tmp_path / "alur.db")
    with live_server(path, workers=2) as base:
        yield base, path


def rows(staff):
    """(task id, subject, who holds it, the button offered) of each inbox row shown."""
    return [(int(row.get_attribute("data-task")), row.query_selector(".subject").inner_text(),
             (row.query_selector("small.taken") or row.query_selector("small.assigned") or row).inner_text()
             if row.query_selector("small.taken") else "",
             (row.query_selector("button[data-act]") or row).get_attribute("data-act"))
            for row in staff.page.query_selector_all("tr.task")]


def test_staff_start_three_cases_find_one_by_subject_and_take_it(browser, server):
    base, db = server
    staf = Staff(browser, base, "staf")
    for subject in SUBJECTS:
        staf.start("usulan_uji", subject)
        assert staf.page.inner_text("#task-subject") == f"Perihal: {subject}"
    # A blank subject is refused on the page, and nothing starts.
    staf.start("usulan_uji", "   ")
    assert "Tuliskan perihal" in staf.page.inner_text("#err-subject")

    staf.goto("/inbox")
    assert [r[1] for r in rows(staf)] == list(SUBJECTS)
    staf.page.fill("#q", "taman")
    with staf.page.expect_navigation():   # rows read before the next page has come would be the old ones
        staf.page.click("#inbox-filter button[type=submit]")
    [(task, subject, _, act)] = rows(staf)
    assert subject == "Usulan taman kota" and act == "claim" and "q=taman" in staf.page.url

    with staf.page.expect_navigation():
        staf.page.click(f"tr[data-task='{task}'] button[data-act]")
    assert "q=taman" in staf.page.url and "Anda kerjakan" in staf.page.inner_text(".flashes")
    [(_, _, holder, act)] = rows(staf)
    assert holder.startswith("Anda kerjakan sejak") and act == "release"

    colleague = Staff(browser, base, "rangkap")  # also in Staf
    colleague.goto("/inbox?pelaksana=Staf")
    seen = {r[0]: r for r in rows(colleague)}
    assert seen[task][2].startswith("Dikerjakan oleh staf sejak") and seen[task][3] is None
    assert all(r[3] == "claim" for t, r in seen.items() if t != task)
    colleague.goto("/instances")
    colleague.page.fill("#q", "taman")
    with colleague.page.expect_navigation():
        colleague.page.click("#process-filter button[type=submit]")
    assert colleague.page.inner_text("tbody td.subject") == "Usulan taman kota"

    with staf.page.expect_navigation():
        staf.page.click(f"tr[data-task='{task}'] button[data-act]")
    assert "dilepas" in staf.page.inner_text(".flashes")
    colleague.goto("/inbox?pelaksana=Staf")
    assert {r[0]: r[3] for r in rows(colleague)}[task] == "claim"
    assert not staf.errors and not colleague.errors
    for user in (staf, colleague):
        user.context.close()
    alur = Alur.open(db)
    try:
        assert [i.subject for i in alur.instances()] == list(SUBJECTS) and alur.verify().ok
    finally:
        alur.close()
