"""What each inbox row says and offers, cell by cell, as staff read it: the subject and the case's number, the SOP and
its number, the activity, the time standard, when the task became ready and when it is due (late or not), who
holds it and the button to take it or give it back; in Indonesian and with the English switch; and every text
from people or diagrams shown as typed, never as markup. Through Flask's test client; the rows are written by
webui/inbox_rows.py."""

from datetime import datetime, timedelta, timezone

import lxml.html

from webui_fixtures import USULAN, app, auth, client, clock, engine, template_db, webui_db  # noqa: F401
from webui_fixtures import post

MONDAY_0900_WIB = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def rows(client, url="/inbox"):
    """Each row of the inbox: its attributes, and {column label: the cell's text} with the links and the button."""
    page = client.get(url)
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.get_data(as_text=True))
    for br in tree.iter("br"):  # a line break reads as a space
        br.tail = " " + (br.tail or "")
    found = []
    for tr in tree.xpath("//tbody/tr[contains(concat(' ', @class, ' '), ' task ')]"):
        button = tr.xpath(".//button[@data-act]")
        found.append({
            "class": tr.get("class"), "task": tr.get("data-task"), "lane": tr.get("data-lane"),
            "cells": {td.get("data-label"): " ".join(td.text_content().split()) for td in tr.xpath("./td")},
            "links": [a.get("href") for a in tr.xpath(".//a")],
            "button": button and {key: button[0].get(key) for key in ("form", "formaction", "class", "data-act")}
            | {"text": button[0].text_content()}})
    return found, tree


def test_a_row_reads_subject_sop_activity_standard_and_times_then_turns_late(client, auth, engine, clock):
    clock.moment = MONDAY_0900_WIB
    instance = engine.start("usulan_uji", "staf", subject="Usulan gedung arsip")
    [task] = engine.tasks(instance=instance)
    auth.login("staf")
    [row], _ = rows(client)
    assert row["class"] == "task" and row["task"] == str(task.id) and row["lane"] == "Staf"
    assert row["cells"] == {
        "Perihal": f"Usulan gedung arsip #{instance}", "SOP": "Usulan Uji 000/1/SOP/UJI/2024",
        "Kegiatan": "1 Menyusun usulan", "Waktu": "60 menit", "Siap sejak": "02-03-2026 09:00 WIB",
        "Batas waktu": "02-03-2026 10:00 WIB", "Dikerjakan": "Saya kerjakan"}
    assert row["links"] == [f"/instances/{instance}", f"/tasks/{task.id}"]
    clock.moment += timedelta(hours=1, minutes=1)
    [row], _ = rows(client)
    assert row["class"] == "task overdue" and row["cells"]["Batas waktu"] == "02-03-2026 10:00 WIB Terlambat"


def test_the_take_button_posts_the_pages_one_form_to_its_task_and_comes_back(client, auth, engine):
    instance = engine.start("usulan_uji", "staf", subject="Usulan gedung arsip")
    [task] = engine.tasks(instance=instance)
    auth.login("staf")
    [row], tree = rows(client, "/inbox?q=gedung")
    assert row["button"] == {"form": "take", "formaction": f"/tasks/{task.id}/claim", "class": "secondary",
                             "data-act": "claim", "text": "Saya kerjakan"}
    [form] = tree.xpath("//form[@id='take']")
    fields = {field.get("name"): field.get("value") for field in form.xpath(".//input")}
    assert set(fields) == {"csrf_token", "next"} and fields["next"] == "/inbox?q=gedung"
    taken = client.post(row["button"]["formaction"], data=fields)  # what the browser sends for the button
    assert taken.status_code == 302 and taken.headers["Location"] == "/inbox?q=gedung"
    assert engine.task(task.id).assignee == "staf"
    [row], _ = rows(client, "/inbox?q=gedung")
    assert row["cells"]["Dikerjakan"].startswith("Anda kerjakan sejak ") and row["cells"]["Dikerjakan"].endswith(
        "WIB. Lepaskan")
    assert row["button"] == {"form": "take", "formaction": f"/tasks/{task.id}/release", "class": "link",
                             "data-act": "release", "text": "Lepaskan"}


def test_a_task_held_by_a_colleague_or_assigned_is_named_and_offers_no_button(client, auth, engine):
    engine.add_user("staf2", lanes=["Staf"], password="sandi-uji-123")
    taken = engine.tasks(instance=engine.start("usulan_uji", "staf", subject="Diambil"))[0].id
    assigned = engine.tasks(instance=engine.start("usulan_uji", "staf", subject="Ditugaskan"))[0].id
    engine.claim(taken, "staf2")
    engine.reassign(assigned, "staf2", "admin-uji", "cuti")
    auth.login("staf")
    found, _ = rows(client)
    held = {row["task"]: (row["cells"]["Dikerjakan"], row["button"]) for row in found}
    assert held[str(taken)][0].startswith("Dikerjakan oleh staf2 sejak ") and held[str(taken)][1] == []
    assert held[str(assigned)] == ("Ditugaskan kepada staf2.", [])


def test_the_english_switch_says_every_label_of_the_rows_in_english(client, auth, engine, clock):
    clock.moment = MONDAY_0900_WIB
    engine.add_user("staf2", lanes=["Staf"], password="sandi-uji-123")
    mine = engine.tasks(instance=engine.start("usulan_uji", "staf", subject="Punya saya"))[0].id
    theirs = engine.tasks(instance=engine.start("usulan_uji", "staf", subject="Punya rekan"))[0].id
    free = engine.tasks(instance=engine.start("usulan_uji", "staf", subject="Bebas"))[0].id
    engine.claim(mine, "staf")
    engine.claim(theirs, "staf2")
    auth.login("staf")
    post(client, "/language", {"lang": "en"}, token_from="/inbox")
    clock.moment += timedelta(hours=2)
    found, tree = rows(client)
    labels = [th.text_content() for th in tree.xpath("//thead//th")]
    assert labels == ["Subject", "SOP", "Activity", "Time standard", "Ready since", "Due", "Taken"]
    by_task = {row["task"]: row for row in found}
    assert all(list(row["cells"]) == labels for row in found)
    assert by_task[str(free)]["cells"]["Taken"] == "I'll do it" and by_task[str(free)]["button"]["text"] == "I'll do it"
    assert by_task[str(mine)]["cells"]["Taken"] == "Taken by you since 02-03-2026 09:00 WIB. Release"
    assert by_task[str(theirs)]["cells"]["Taken"] == "Taken by staf2 since 02-03-2026 09:00 WIB."
    assert by_task[str(free)]["cells"]["Due"] == "02-03-2026 10:00 WIB Overdue"
    assert "I&#39;ll do it" in client.get("/inbox").get_data(as_text=True)  # the label escaped too


def test_subjects_and_diagram_texts_show_as_typed_never_as_markup(client, auth, engine, tmp_path):
    typed = "<script>alert('x')</script> <b>\"Usulan\"</b> & 'arsip'"
    diagram = tmp_path / "usulan.bpmn"
    diagram.write_text(USULAN.read_text().replace('name="Menyusun usulan"',
                                                  'name="Menyusun &lt;i&gt;usulan&lt;/i&gt; &amp; &quot;arsip&quot;"'))
    engine.deploy([diagram])
    instance = engine.start("usulan_uji", "staf", subject=typed)
    auth.login("staf")
    raw = client.get("/inbox").get_data(as_text=True)
    assert "<script>" not in raw and "<b>" not in raw and "<i>" not in raw
    assert ("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &lt;b&gt;&#34;Usulan&#34;&lt;/b&gt; &amp; &#39;arsip&#39;"
            in raw)
    [row], _ = rows(client)
    assert row["cells"]["Perihal"] == f"{' '.join(typed.split())} #{instance}"
    assert row["cells"]["Kegiatan"] == '1 Menyusun <i>usulan</i> & "arsip"'


def test_a_user_in_two_lanes_reads_each_rows_lane(client, auth, engine):
    staf = engine.tasks(instance=engine.start("usulan_uji", "staf", subject="Usulan"))[0].id
    bayar = engine.tasks(instance=engine.start("bayar_uji", "bendahara", subject="Tagihan"))[0].id
    auth.login("rangkap")
    found, _ = rows(client)
    assert [(row["task"], row["cells"]["Pelaksana"]) for row in found] == [(str(staf), "Staf"),
                                                                           (str(bayar), "Bendahara")]
