"""The access matrix: every route of the web UI, as anonymous, a user of another lane, the lane's own user, an
auditor, an analyst and an admin. A route added without its row here fails the test, so none is forgotten."""

import pytest

from conftest import DATA
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, AuthActions, csrf_token

PEOPLE = ["anonymous", "bendahara", "staf", "tanpa-lajur", "analis", "admin-uji"]
# What each route gives each person: ok (answered: a page, a download, a redirect after doing it, or a refusal of
# the data sent, 400/409), login (sent to sign in), 403 or 404. Rows name the route by its endpoint; the values
# follow PEOPLE's order.
OK, LOGIN, NO, NONE = "ok", "login", "403", "404"
MATRIX = {
    "GET views.vendor": [OK] * 6,
    "GET static": [OK] * 6,
    "GET auth.login": [OK] * 6,
    "POST auth.login": [OK] * 6,
    "POST auth.logout": [LOGIN] * 6,  # back to the sign-in page, signed in or not
    "POST views.language": [OK] * 6,
    "GET index": [LOGIN, OK, OK, OK, OK, OK],
    "GET instances.start": [LOGIN, NO, OK, NO, NO, NO],
    "POST inbox.claim": [LOGIN, OK, OK, NO, OK, OK],
    "POST inbox.release": [LOGIN, OK, OK, NO, OK, OK],
    "GET documents.sop": [LOGIN, NO, OK, OK, OK, OK],
    "GET monitoring.page": [LOGIN, NO, NO, OK, OK, OK],
    "POST monitoring.print_form": [LOGIN, NO, NO, OK, OK, OK],
    "POST monitoring.save": [LOGIN, NO, NO, NO, OK, OK],
    "GET monitoring.saved": [LOGIN, NO, NO, NONE, NONE, NONE],
    "GET monitoring.saved_pdf": [LOGIN, NO, NO, NONE, NONE, NONE],
    "GET monitoring.evaluate": [LOGIN, NO, NO, OK, OK, OK],
    "GET monitoring.heatmap": [LOGIN, NO, NO, OK, OK, OK],
    "GET sop.new": [LOGIN, NO, NO, NO, OK, NO],
    "GET sop.template": [LOGIN, NO, NO, NO, OK, NO],
    "GET sop.export": [LOGIN, NO, NO, NO, OK, NO],
    "POST sop.upload": [LOGIN, NO, NO, NO, OK, NO],
    "POST sop.table": [LOGIN, NO, NO, NO, OK, NO],
    "POST sop.deploy": [LOGIN, NO, NO, NO, NONE, NO],
    "GET sop.modeler": [LOGIN, NO, NO, NO, NONE, NO],
    "POST sop.save": [LOGIN, NO, NO, NO, NONE, NO],
    "GET tasks.inbox": [LOGIN, OK, OK, OK, OK, OK],
    "GET tasks.task": [LOGIN, NO, OK, NO, NO, NO],  # a task page is for its lane; others see the instance page
    "POST tasks.task": [LOGIN, NO, OK, NO, NO, NO],
    "GET instances.processes": [LOGIN, OK, OK, OK, OK, OK],
    "POST instances.start": [LOGIN, NO, OK, NO, NO, NO],
    "GET instances.instances": [LOGIN, OK, OK, OK, OK, OK],
    "GET instances.instance": [LOGIN, NO, OK, OK, NO, OK],
    "GET audit.replay": [LOGIN, NO, NO, OK, NO, OK],
    "GET audit.reexecute": [LOGIN, NO, NO, OK, NO, OK],
    "GET audit.verify": [LOGIN, NO, NO, OK, NO, OK],
    "GET audit.sla": [LOGIN, OK, OK, OK, OK, OK],
    "GET audit.export": [LOGIN, NO, NO, OK, OK, OK],
    "GET audit.download": [LOGIN, NO, NO, OK, OK, OK],
    "POST admin_acts.cancel": [LOGIN, NO, NO, NO, NO, OK],
    "POST admin_acts.reassign": [LOGIN, NO, NO, NO, NO, OK],
    "GET analyst.processes": [LOGIN, NO, NO, NO, OK, NO],
    "POST analyst.upload": [LOGIN, NO, NO, NO, OK, NO],
    "GET analyst.versions": [LOGIN, NO, NO, NO, OK, NO],
    "GET analyst.download": [LOGIN, NO, NO, NO, OK, NO],
    "POST analyst.migrate": [LOGIN, NO, NO, NO, OK, NO],
    "GET analyst.modeler": [LOGIN, NO, NO, NO, OK, NO],
    "POST analyst.save": [LOGIN, NO, NO, NO, OK, NO],
    "GET attachments.download": [LOGIN, NO, OK, OK, NO, OK],   # whoever may see the instance
    "POST attachments.comment": [LOGIN, NO, OK, NO, NO, OK],   # its staff and admins (an empty one is refused)
}


def arguments(rule, ids):
    """Values for a route's variables: the test's instance, task and process, or a file that exists."""
    known = {"task_id": ids["task"], "instance_id": ids["instance"], "process_id": "usulan_uji", "version": 1,
             "process": "usulan_uji", "form_id": 999, "token": "0" * 32,  # no saved form, no draft: 404 when allowed
             "attachment_id": ids.get("attachment"),
             "filename": "bpmn-navigated-viewer.production.min.js" if rule.endpoint == "views.vendor" else "style.css"}
    return {name: known[name] for name in rule.arguments}


def attached(engine):
    """The id of a document attached by staf to a case of the test SOP with a file field."""
    engine.deploy([DATA / "dokumen.bpmn"])
    case = engine.start("penerbitan_spt", "staf")
    engine.complete(engine.tasks(instance=case)[0].id, "staf",
                    {"nomor_spt": "1", "kelengkapan_spt": ["Disposisi", "Data pegawai"]},
                    {"berkas_spt": ("spt.pdf", b"%PDF-1.4 matrix")})
    return engine.attachments(case)[0].id


def outcome(answer):
    if answer.status_code == 302 and answer.headers["Location"].startswith("/auth/login"):
        return LOGIN
    if answer.status_code in (403, 404):
        return str(answer.status_code)
    assert answer.status_code < 500, answer.get_data(as_text=True)[:500]
    return OK


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield f"{method} {rule.endpoint}", method, rule


def test_every_route_has_its_row_in_the_matrix(app):
    assert sorted(key for key, _, _ in routes(app)) == sorted(MATRIX)


@pytest.mark.parametrize("person", PEOPLE)
def test_each_person_reaches_what_the_matrix_says_and_nothing_more(app, engine, person):
    engine.add_user("analis", roles=["analyst"], password=PASSWORD)
    instance = engine.start("usulan_uji", "staf")
    ids = {"instance": instance, "task": engine.tasks(instance=instance)[0]["id"], "attachment": attached(engine)}
    found = {}
    for key, method, rule in routes(app):
        client = app.test_client()  # a fresh browser for each route: nothing done before changes the answer
        if person != "anonymous":
            AuthActions(client).login(person)
        url = rule.build(arguments(rule, ids), append_unknown=False)[1]
        if method == "GET":
            answer = client.get(url)
        else:
            answer = client.post(url, data={"csrf_token": csrf_token(client)})
        found[key] = outcome(answer)
    expected = {key: row[PEOPLE.index(person)] for key, row in MATRIX.items()}
    assert {k: v for k, v in found.items() if v != expected[k]} == {}
