"""The worker `alur serve` runs: gunicorn's threaded worker, except that a request reaches a thread only once it
has arrived: its headers, and its body when the headers announce one of at most BODY_AHEAD_MAX bytes (while the
bytes waiting in the worker stay under AHEAD_BUDGET). Until then the connection waits in the worker's event
loop, where it costs a socket and no thread. It is closed if its headers are not complete within
HEADER_SECONDS, or if its body stops arriving for IO_SECONDS: clients that open connections and send slowly, or
never, cannot take the threads that answer everyone else. A body the thread reads itself (chunked, larger, or
after `Expect: 100-continue`) waits at most IO_SECONDS at each read, as does each write of the answer."""

import errno
import selectors
import time
from functools import partial

from gunicorn.http import RequestParser
from gunicorn.workers.gthread import TConn, ThreadWorker

HEADER_SECONDS = 10
IO_SECONDS = 30
READ_SIZE = 65536
HEADERS_END = b"\r\n\r\n"
HEADERS_MAX = 128 * 1024  # past gunicorn's own limits: the parser then refuses the request with 400
BODY_AHEAD_MAX = 32 * 1024 * 1024  # a form with a document of ALUR_MAX_UPLOAD_MB's default 20 MB
AHEAD_BUDGET = 128 * 1024 * 1024   # bytes a worker keeps waiting in its event loop; past it, threads read bodies


class _ReadAhead:
    """The socket as gunicorn's parser reads it: first the bytes read ahead in the event loop, then the socket."""

    def __init__(self, sock):
        self.sock = sock
        self.ahead = bytearray()
        self.taken = 0       # bytes of `ahead` the parser has read
        self.wanted = None   # bytes of `ahead` the request takes once its headers are in; 0: no more to wait for

    def recv(self, size):
        if self.taken < len(self.ahead):
            chunk = bytes(self.ahead[self.taken:self.taken + size])
            self.taken += len(chunk)
            if self.taken == len(self.ahead):
                self.ahead, self.taken, self.wanted = bytearray(), 0, None
            return chunk
        return self.sock.recv(size)

    def add(self, data):
        self.ahead += data
        if self.wanted is None:
            end = self.ahead.find(HEADERS_END, self.taken)
            if end >= 0:
                body = _body_to_wait_for(bytes(self.ahead[self.taken:end]))
                self.wanted = 0 if body is None else end + len(HEADERS_END) + body
            elif len(self.ahead) - self.taken >= HEADERS_MAX:
                self.wanted = 0

    def headers_in(self):
        return self.wanted is not None

    def complete(self):
        return self.wanted is not None and len(self.ahead) >= self.wanted


def _body_to_wait_for(head):
    """The body's length, when the event loop is to wait for it (0 without a Content-Length); None when the thread
    is to read it (chunked, an Expect, a length past BODY_AHEAD_MAX) or the parser is to refuse the request (a
    second Content-Length, one that is not a number)."""
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip()
        if name in (b"transfer-encoding", b"expect"):
            return None
        if name == b"content-length":
            if length is not None or not value.isdigit():
                return None
            length = int(value)
    if length is not None and length > BODY_AHEAD_MAX:
        return None
    return length or 0


class ArrivedFirstWorker(ThreadWorker):
    """gunicorn's gthread worker that hands a connection to a thread only once its request has arrived."""

    def init_process(self):
        self.waiting = {}  # connection -> deadline (time.time()) for its headers, or the next piece of its body
        self.ahead_bytes = 0  # read ahead by the connections in `waiting`
        super().init_process()

    def accept(self, server, listener):
        # gunicorn's accept, with a deadline for the new connection's headers
        try:
            sock, client = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        conn = TConn(self.cfg, sock, client, server)
        self.nr_conns += 1
        self.waiting[conn] = time.time() + HEADER_SECONDS
        with self._lock:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))

    def enqueue_req(self, conn):
        incoming = getattr(conn, "read_ahead", None)
        if incoming is None:
            incoming = conn.read_ahead = _ReadAhead(conn.sock)
        try:
            data = conn.sock.recv(READ_SIZE)
        except BlockingIOError:
            data = None
        except OSError:
            data = b""
        if data == b"" and not incoming.ahead:  # the client left
            self._drop(conn)
            return
        deadline = self.waiting.get(conn)   # while the headers are still coming, the one they were given
        self._forget(conn)
        incoming.add(data or b"")
        if data != b"" and not incoming.complete() and (
                not incoming.headers_in() or self.ahead_bytes + len(incoming.ahead) <= AHEAD_BUDGET):
            if incoming.headers_in():  # the body: each piece of it gives the client IO_SECONDS more
                deadline = time.time() + IO_SECONDS
            self.waiting[conn] = deadline or time.time() + HEADER_SECONDS
            self.ahead_bytes += len(incoming.ahead)
            with self._lock:
                self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._more, conn))
            return
        if conn.parser is None:
            conn.parser = RequestParser(self.cfg, incoming, conn.client)
        conn.init()
        conn.sock.settimeout(IO_SECONDS)
        self._wrap_future(self.tpool.submit(self.handle, conn), conn)

    def _more(self, conn, client):
        with self._lock:
            self.poller.unregister(client)
        self.enqueue_req(conn)

    def murder_keepalived(self):
        super().murder_keepalived()
        now = time.time()
        for conn, deadline in list(self.waiting.items()):
            if deadline <= now:
                with self._lock:
                    try:
                        self.poller.unregister(conn.sock)
                    except (KeyError, ValueError, OSError):
                        pass
                self._drop(conn)

    def _forget(self, conn):
        """Take `conn` out of `waiting` (it reads on, goes to a thread, or is dropped)."""
        if self.waiting.pop(conn, None) is not None and getattr(conn, "read_ahead", None):
            self.ahead_bytes -= len(conn.read_ahead.ahead)

    def _drop(self, conn):
        self._forget(conn)
        self.nr_conns -= 1
        conn.close()
