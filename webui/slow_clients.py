"""The worker `alur serve` runs: gunicorn's threaded worker, except that a request reaches a thread only once its
headers have all arrived. Until then the connection waits in the worker's event loop, where it costs a socket and
no thread, and it is closed if its headers are not complete within HEADER_SECONDS: clients that open
connections and send their headers slowly, or never, cannot take the threads that answer everyone else. Once
a thread has the request, each read or write of the body waits at most IO_SECONDS."""

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


class _ReadAhead:
    """The socket as gunicorn's parser reads it: first the bytes read ahead in the event loop, then the socket."""

    def __init__(self, sock):
        self.sock = sock
        self.ahead = bytearray()

    def recv(self, size):
        if self.ahead:
            chunk = bytes(self.ahead[:size])
            del self.ahead[:size]
            return chunk
        return self.sock.recv(size)

    def complete(self):
        return HEADERS_END in self.ahead or len(self.ahead) >= HEADERS_MAX


class HeadersFirstWorker(ThreadWorker):
    """gunicorn's gthread worker that hands a connection to a thread only with its request's headers complete."""

    def init_process(self):
        self.waiting = {}  # connection -> deadline (time.time()) for its headers
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
        incoming.ahead += data or b""
        if data and not incoming.complete():
            self.waiting.setdefault(conn, time.time() + HEADER_SECONDS)
            with self._lock:
                self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._more, conn))
            return
        self.waiting.pop(conn, None)
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

    def _drop(self, conn):
        self.waiting.pop(conn, None)
        self.nr_conns -= 1
        conn.close()
