"""Clients that send their requests slowly, or never, do not keep anyone else from being answered."""

import socket
import time
import urllib.request

import pytest

from webui_fixtures import live_server, template_db, webui_db  # noqa: F401  (fixtures)

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
