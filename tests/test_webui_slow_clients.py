"""Clients that send their requests slowly, or never, do not keep anyone else from being answered."""

import socket
import time
import urllib.parse
import urllib.request

import pytest

from webui_fixtures import CSRF, PASSWORD, live_server, template_db, webui_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.real_process


def stalled(base, headers_sent):
    """A connection that sent `headers_sent` (maybe nothing) and then stops, as a slowloris client does."""
    host, port = base.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)))
    if headers_sent:
        connection.sendall(headers_sent)
    return connection


def answered_within(url, seconds):
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=seconds) as answer:
        assert answer.status == 200
    return time.monotonic() - started


def test_slow_and_silent_connections_outnumbering_every_thread_leave_the_server_answering(webui_db):
    with live_server(webui_db, workers=2, threads=2) as base:
        slow = [stalled(base, b"GET /auth/login HTTP/1.1\r\nHost: alur\r\nX-Lambat: ") for _ in range(12)]
        silent = [stalled(base, b"") for _ in range(12)]
        time.sleep(0.5)
        for _ in range(5):  # 24 stalled connections against 4 threads: each of these is answered all the same
            answered_within(base + "/auth/login", 5)
        for connection in slow + silent:
            connection.close()


def test_a_connection_whose_headers_never_finish_is_closed_after_ten_seconds(webui_db):
    with live_server(webui_db, workers=1, threads=1) as base:
        connection = stalled(base, b"GET /auth/login HTTP/1.1\r\nHost: alur\r\n")
        connection.settimeout(20)
        started = time.monotonic()
        assert connection.recv(100) == b""  # closed by the server, with nothing said
        assert 8 < time.monotonic() - started < 16
        answered_within(base + "/auth/login", 5)


def test_headers_that_arrive_in_pieces_are_answered(webui_db):
    with live_server(webui_db, workers=1, threads=1) as base:
        connection = stalled(base, b"GET /auth/login HTTP/1.1\r\n")
        time.sleep(0.3)
        connection.sendall(b"Host: alur\r\nConnection: close\r\n\r\n")
        connection.settimeout(10)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") and b"csrf_token" in answer


def read_answer(connection):
    connection.settimeout(10)
    answer = b""
    while chunk := connection.recv(65536):
        answer += chunk
    return answer


def test_a_body_that_stops_halfway_holds_no_thread(webui_db):
    # One worker with one thread: were the body read by the thread, the stalled upload would hold it for 30 s.
    with live_server(webui_db, workers=1, threads=1) as base:
        stalled_post = stalled(base, b"POST /auth/login HTTP/1.1\r\nHost: alur\r\nContent-Length: 100000\r\n"
                                     b"Content-Type: application/x-www-form-urlencoded\r\n\r\nname=st")
        time.sleep(0.3)
        for _ in range(3):
            answered_within(base + "/auth/login", 5)
        stalled_post.close()


def test_a_sign_in_whose_body_arrives_in_pieces_signs_in(webui_db):
    with live_server(webui_db, workers=1, threads=1) as base:
        with urllib.request.urlopen(base + "/auth/login", timeout=10) as page:
            cookie = page.headers["Set-Cookie"].split(";")[0]
            token = CSRF.search(page.read().decode()).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "name": "staf", "password": PASSWORD}).encode()
        connection = stalled(base, b"POST /auth/login HTTP/1.1\r\nHost: alur\r\nConnection: close\r\n"
                                   b"Content-Type: application/x-www-form-urlencoded\r\n"
                                   b"Cookie: " + cookie.encode() + b"\r\n"
                                   b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:20])
        for start in (20, 60):
            time.sleep(0.3)
            connection.sendall(body[start:start + 40] if start == 20 else body[start:])
        answer = read_answer(connection)
        head = answer.split(b"\r\n\r\n")[0].decode()
        assert head.startswith("HTTP/1.1 302"), head
        signed_in = next(line for line in head.split("\r\n") if line.startswith("Set-Cookie: alur_session="))
        inbox = urllib.request.Request(base + "/inbox", headers={"Cookie": signed_in[12:].split(";")[0]})
        with urllib.request.urlopen(inbox, timeout=10) as page:  # not sent back to the sign-in page
            assert page.url == base + "/inbox" and "staf" in page.read().decode()


def test_a_body_past_what_waits_in_the_event_loop_is_refused_at_once(webui_db):
    # 40 MB announced and none sent (nothing unread when the server closes): the app refuses it by its length
    # (413) at once, where waiting for the body would take IO_SECONDS.
    with live_server(webui_db, workers=1, threads=1) as base:
        connection = stalled(base, b"POST /auth/login HTTP/1.1\r\nHost: alur\r\nConnection: close\r\n"
                                   b"Content-Type: application/x-www-form-urlencoded\r\n"
                                   b"Content-Length: 40000000\r\n\r\n")
        started = time.monotonic()
        assert read_answer(connection).startswith(b"HTTP/1.1 413")
        assert time.monotonic() - started < 5
