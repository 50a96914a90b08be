"""Property-based fuzzing of every route: random ids, path values, query strings, form fields and headers, signed
in as anyone or no one. The server never answers 5xx, and a refused request changes nothing."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webui_fixtures import app, auth, client, clock, engine, template_db, webui_db  # noqa: F401  (fixtures)
from webui_fixtures import PASSWORD, AuthActions, csrf_token

PEOPLE = [None, "staf", "kepala", "bendahara", "tanpa-lajur", "analis", "admin-uji"]
# Names the routes read, so that random values reach the code behind them, not only the 400 for a missing one.
KEYS = ["next", "step", "process", "status", "format", "since", "lane", "lang", "to", "reason", "version", "name",
        "password", "judul", "catatan", "jumlah", "tanggal", "mendesak", "dokumen", "keputusan", "alasan", "file",
        "bpmn", "q", "page", "sort"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
NUMBER_TEXT = st.integers(-2**70, 2**70).map(str)
VALUE = st.one_of(TEXT, NUMBER_TEXT, st.sampled_from(["", "nan", "1e999", "../../etc/passwd", "<script>x</script>",
                                                      "usulan_uji", "Staf", "staf", "xes", "csv", "2024-01-01"]))
SEGMENT = st.one_of(st.integers(0, 2**70).map(str), st.text(string.ascii_letters + string.digits + "_-.%", min_size=1,
                                                              max_size=20), st.sampled_from(["usulan_uji", "1", "0"]))


def fingerprint(engine):
    """What a refused request must leave as it was: the chain, the instances, the tasks, the versions, the users."""
    rows = lambda sql: [tuple(row) for row in engine.db.execute(sql).fetchall()]  # noqa: E731
    return (rows("SELECT seq, hash FROM chain_head"), rows("SELECT id, status FROM instances ORDER BY id"),
            rows("SELECT id, state, assignee FROM tasks ORDER BY id"), rows("SELECT COUNT(*) FROM versions"),
            rows("SELECT name, password_hash FROM users ORDER BY name"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_random_requests_never_get_a_5xx_and_refusals_change_nothing(app, engine, data):
    if "analis" not in {u.name for u in engine.users()}:
        engine.add_user("analis", roles=["analyst"], password=PASSWORD)
        for _ in range(2):
            engine.start("usulan_uji", "staf")
    person = data.draw(st.sampled_from(PEOPLE), "person")
    client = app.test_client()
    if person:
        AuthActions(client).login(person)
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in ("static", "views.vendor")]
    rule = data.draw(st.sampled_from(rules), "route")
    method = data.draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"})), "method")
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", "<" + name + ">").replace(f"<path:{name}>", "<" + name + ">")
        path = path.replace("<" + name + ">", data.draw(SEGMENT, name))
    query = data.draw(st.dictionaries(st.sampled_from(KEYS), VALUE, max_size=4), "query")
    form = data.draw(st.dictionaries(st.sampled_from(KEYS), st.one_of(VALUE, st.lists(VALUE, max_size=3)),
                                     max_size=6), "form")
    headers = data.draw(st.dictionaries(st.sampled_from(["Accept", "Accept-Language", "X-Requested-With", "Referer"]),
                                        st.sampled_from(["application/json", "text/html", "*/*", "en", "id",
                                                         "XMLHttpRequest", "http://evil.example/", ""]),
                                        max_size=3), "headers")
    if method == "POST" and data.draw(st.booleans(), "with a valid CSRF token"):
        form["csrf_token"] = csrf_token(client)
    before = fingerprint(engine)
    answer = client.open(path, method=method, query_string=query, data=form, headers=headers)
    assert answer.status_code < 500, answer.get_data(as_text=True)[:800]
    if answer.status_code >= 400:
        assert fingerprint(engine) == before, f"{method} {path} answered {answer.status_code} but changed something"
