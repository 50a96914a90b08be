"""The web UI against the defects of the security review (issue 14): numbers that are not finite, ids past SQLite's
integers on every route that takes one, database faults (read-only, locked, full), an auditor who also has a lane,
the race's loser asking for JSON, and gunicorn's Server banner. The engine's and the CLI's side is in
test_reliability.py."""

import re
import urllib.error
import urllib.request
from html import unescape

import pytest
from werkzeug.routing import IntegerConverter

import webui.db
from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, csrf_token, live_server, post

USULAN_OK = {"judul": "Usulan gedung", "jumlah": "3", "dokumen": ["Surat pengantar", "Lampiran"]}
HARMLESS_FORMS = {"/language", "/auth/logout"}
POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>', re.I)


def text(response):
    return unescape(response.get_data(as_text=True))


def start_usulan(engine):
    instance = engine.start("usulan_uji", "staf")
    (task,) = engine.tasks(instance=instance)
    return instance, task["id"]


def post_forms(page):
    """The actions of the page's POST forms, but signing out and the language switch."""
    actions = [re.search(r'action="([^"]*)"', form) for form in POST_FORM.findall(page)]
    return [a.group(1) if a else "(this page)" for a in actions if not a or a.group(1) not in HARMLESS_FORMS]


def assert_untouched(engine, instance, task):
    shown = engine.show(instance)
    assert shown["data"] == {} and [t["id"] for t in shown["ready"]] == [task]
    assert engine.verify().ok


# 1. Numbers that are not finite -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["nan", "inf", "1e999", "-Infinity"])
def test_the_form_refuses_a_number_that_is_not_finite_next_to_its_field(client, auth, engine, typed):
    instance, task = start_usulan(engine)
    auth.login("staf")
    answer = post(client, f"/tasks/{task}", {**USULAN_OK, "jumlah": typed})
    assert answer.status_code == 400
    page = text(answer)
    assert re.search(rf'<p class="error" id="err-jumlah">\'jumlah\' harus berupa angka biasa, bukan \'{typed}\'', page)
    assert 'name="jumlah"' in page and f'value="{typed}"' in page and 'value="Usulan gedung"' in page
    assert_untouched(engine, instance, task)
