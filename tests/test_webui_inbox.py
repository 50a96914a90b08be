"""The web UI's subjects, start page, paged inbox and Daftar Proses, and taking a task, through Flask's test client."""

import re
from datetime import datetime, timedelta, timezone
from html import unescape

from webui_fixtures import USULAN, app, auth, client, clock, engine, template_db, webui_db  # noqa: F401
from webui_fixtures import followed, post

START_FIELD = ('<bpmn:startEvent id="mulai" name="Mulai">\n      <bpmn:extensionElements><spiffworkflow:properties>'
               '<spiffworkflow:property name="field.unit" value="{&quot;label&quot;: &quot;Unit pengusul&quot;, '
               '&quot;required&quot;: true}" /></spiffworkflow:properties></bpmn:extensionElements>')


def text(response):
    return unescape(response.get_data(as_text=True))


def tasks_on(page):
    return [int(n) for n in re.findall(r'data-task="(\d+)"', page)]


def start(engine, subject, process="usulan_uji", user="staf"):
    instance = engine.start(process, user, subject=subject)
    return instance, engine.tasks(instance=instance)[0].id


def test_mulai_asks_for_the_subject_and_refuses_a_blank_one(client, auth, engine):
    auth.login("staf")
    page = text(client.get("/processes/usulan_uji/start"))
    assert 'name="subject"' in page and "Perihal" in page
    answer = post(client, "/processes/usulan_uji/start", {"subject": "   "}, token_from="/processes/usulan_uji/start")
    page = text(followed(client, answer, "/processes/usulan_uji/start"))  # post, redirect, get
    assert engine.instances() == [] and 'id="err-subject"' in page and "Tuliskan perihal" in page
    assert 'id="err-subject"' not in text(client.get("/processes/usulan_uji/start"))  # a reload sends nothing
    long = post(client, "/processes/usulan_uji/start", {"subject": "x" * 250}, token_from="/processes/usulan_uji/start")
    page = text(followed(client, long, "/processes/usulan_uji/start"))
    assert "paling banyak 200" in page and engine.instances() == []


def test_start_fields_of_the_diagram_are_asked_beside_the_subject(client, auth, engine, tmp_path):
    diagram = tmp_path / "usulan.bpmn"
    diagram.write_text(USULAN.read_text().replace('<bpmn:startEvent id="mulai" name="Mulai">', START_FIELD))
    engine.deploy([diagram])
    auth.login("staf")
    page = text(client.get("/processes/usulan_uji/start"))
    assert 'name="unit"' in page and "Unit pengusul" in page
    missing = post(client, "/processes/usulan_uji/start", {"subject": "Usulan A"}, token_from="/processes/usulan_uji/start")
    page = text(followed(client, missing, "/processes/usulan_uji/start"))
    assert 'id="err-unit"' in page and 'value="Usulan A"' in page
    done = post(client, "/processes/usulan_uji/start", {"subject": "Usulan A", "unit": "Dinas Kesehatan"},
                token_from="/processes/usulan_uji/start")
    assert done.status_code == 302
    [instance] = engine.instances()
    assert engine.show(instance.id).data == {"unit": "Dinas Kesehatan"} and instance.subject == "Usulan A"
    history = text(client.get(f"/instances/{instance.id}"))
    assert "Usulan A" in history and "Dinas Kesehatan" in history and "Unit pengusul" in history


def test_the_subject_shows_wherever_the_case_appears(client, auth, engine):
    instance, task = start(engine, "Usulan gedung arsip")
    old = engine.start("usulan_uji", "staf")  # as if started before subjects: no subject
    auth.login("staf")
    inbox = text(client.get("/inbox"))
    assert "Usulan gedung arsip" in inbox and '<span class="subject">–</span>' in inbox
    assert "Perihal: Usulan gedung arsip" in text(client.get(f"/tasks/{task}"))
    assert 'id="instance-subject">Usulan gedung arsip' in text(client.get(f"/instances/{instance}"))
    assert 'id="instance-subject">–' in text(client.get(f"/instances/{old}"))
    assert "Usulan gedung arsip" in text(client.get("/instances"))
    auth.logout()
    auth.login("tanpa-lajur")  # an auditor
    assert "Usulan gedung arsip" in text(client.get(f"/audit/instances/{instance}/replay?step=1"))


def test_the_inbox_finds_by_subject_sop_activity_and_number(client, auth, engine):
    first, first_task = start(engine, "Usulan gedung arsip")
    second, second_task = start(engine, "Pengadaan kendaraan")
    _, other_lane = start(engine, "Pengadaan meja", process="bayar_uji", user="bendahara")
    auth.login("staf")
    assert tasks_on(text(client.get("/inbox?q=gedung"))) == [first_task]
    assert tasks_on(text(client.get("/inbox?q=pengadaan"))) == [second_task]  # never another lane's
    assert tasks_on(text(client.get(f"/inbox?q=%23{second}"))) == [second_task]
    assert tasks_on(text(client.get("/inbox?q=menyusun"))) == [first_task, second_task]
    assert tasks_on(text(client.get("/inbox?q=usulan+uji"))) == [first_task, second_task]
    none = text(client.get("/inbox?q=tidak+ada"))
    assert tasks_on(none) == [] and "Tidak ada tugas yang cocok" in none
    too_long = client.get("/inbox?q=" + "x" * 250)
    assert too_long.status_code == 200 and "paling banyak 200" in text(too_long)


def test_the_inbox_filters_overdue_and_sorts_by_due_time(client, auth, engine, clock):
    clock.moment = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB
    _, early = start(engine, "Pertama")
    clock.moment += timedelta(hours=3)
    _, late = start(engine, "Kedua")
    auth.login("staf")
    clock.moment = datetime(2026, 3, 2, 3, 30, tzinfo=timezone.utc)  # the first is 90 minutes old: overdue
    assert tasks_on(text(client.get("/inbox?terlambat=1"))) == [early]
    assert tasks_on(text(client.get("/inbox?urut=batas"))) == [early, late]


def test_pages_of_fifty_with_links_that_keep_the_filters(client, auth, engine):
    made = [start(engine, f"Surat {n:02d}")[1] for n in range(53)]
    auth.login("staf")
    page = text(client.get("/inbox?q=surat"))
    assert tasks_on(page) == made[:50] and "53 tugas menunggu." in page
    link = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    assert "q=surat" in link and "hal=2" in link
    second = text(client.get(link))
    assert tasks_on(second) == made[50:] and 'rel="next"' not in second and 'rel="prev"' in second
    assert tasks_on(text(client.get("/inbox?hal=abc"))) == made[:50]  # a page that is not a number: the first
    listed = text(client.get("/instances?q=surat"))
    assert len(re.findall(r'data-instance="', listed)) == 50 and "53 proses." in listed
    link = re.search(r'<a rel="next" href="([^"]+)"', listed).group(1)
    assert "q=surat" in link and "hal=2" in link


def test_a_colleague_sees_who_took_a_task_and_cannot_complete_it_until_released(client, auth, engine, app):
    engine.add_user("staf2", lanes=["Staf"], password="sandi-uji-123")
    _, task = start(engine, "Usulan gedung arsip")
    auth.login("staf")
    taken = post(client, f"/tasks/{task}/claim", {"next": "/inbox?q=gedung"}, token_from="/inbox")
    assert taken.status_code == 302 and taken.headers["Location"] == "/inbox?q=gedung"
    page = text(client.get("/inbox?saya=1"))
    assert tasks_on(page) == [task] and "Anda kerjakan sejak" in page and "Lepaskan" in page
    auth.logout()
    auth.login("staf2")
    page = text(client.get("/inbox"))
    assert "Dikerjakan oleh staf sejak" in page and f'formaction="/tasks/{task}/claim"' not in page
    assert tasks_on(text(client.get("/inbox?saya=1"))) == []
    again = post(client, f"/tasks/{task}/claim", token_from="/inbox")
    assert again.status_code == 302 and "sedang dikerjakan oleh staf" in text(client.get("/inbox"))
    assert engine.task(task).assignee == "staf"
    auth.logout()
    auth.login("staf")
    post(client, f"/tasks/{task}/release", token_from="/inbox")
    assert engine.task(task).assignee is None and "Saya kerjakan" in text(client.get(f"/tasks/{task}"))
    assert engine.verify().ok


def test_another_lanes_task_cannot_be_taken_and_an_auditor_sees_no_button(client, auth, engine):
    _, task = start(engine, "Usulan gedung arsip")
    auth.login("kepala")
    post(client, f"/tasks/{task}/claim", token_from="/instances")
    assert engine.task(task).assignee is None
    auth.logout()
    engine.add_user("auditor-staf", lanes=["Staf"], roles=["auditor"], password="sandi-uji-123")
    auth.login("auditor-staf")
    assert "Saya kerjakan" not in text(client.get("/inbox"))
    assert post(client, f"/tasks/{task}/claim", token_from="/inbox").status_code == 403


def test_what_people_typed_is_escaped_in_every_inbox_row(client, auth, engine):
    _, task = start(engine, '<script>alert("x")</script> & "kutip"')
    engine.add_user("staf3", lanes=["Staf"], password="sandi-uji-123")
    engine.claim(task, "staf3")
    auth.login("staf")
    raw = client.get("/inbox").get_data(as_text=True)
    assert "<script>alert" not in raw
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;kutip&#34;" in raw
    assert "Dikerjakan oleh staf3 sejak" in raw


def test_after_a_completion_the_next_task_named_is_one_no_colleague_holds(client, auth, engine):
    form = {"judul": "Usulan gedung", "jumlah": "3", "dokumen": ["Surat pengantar", "Lampiran"]}
    engine.add_user("staf2", lanes=["Staf"], password="sandi-uji-123")
    _, first = start(engine, "Usulan pertama")
    _, held = start(engine, "Usulan kedua")
    _, free = start(engine, "Usulan ketiga")
    engine.claim(held, "staf2")
    auth.login("staf")
    done = post(client, f"/tasks/{first}", form, token_from=f"/tasks/{first}")
    assert done.status_code == 302
    page = text(client.get("/inbox"))
    assert f'Tugas berikutnya yang menunggu di Staf: <a class="next-task" href="/tasks/{free}">' in page
    engine.release(held, "staf2")
    engine.claim(free, "staf2")
    engine.claim(held, "staf")   # one's own taken task is open to them
    _, last = start(engine, "Usulan keempat")
    assert post(client, f"/tasks/{last}", form, token_from=f"/tasks/{last}").status_code == 302
    page = text(client.get("/inbox"))
    assert f'Tugas berikutnya yang menunggu di Staf: <a class="next-task" href="/tasks/{held}">' in page
