"""Database faults for the reliability tests, each real to SQLite: a read-only file, a write lock another program
holds, a full disk (SQLite's own limit on the database's size standing in for the disk's). On PostgreSQL (a
postgresql:// URL) the first two are real too: a database set read-only, another connection holding the chain
head's row lock.

Root ignores a file's mode, so `read_only` also drops, for the calling thread only and while it lasts, the
capabilities that let root write a read-only file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER); the engine,
the in-process `alur` and Flask's test client all run in that thread.
"""

import contextlib
import ctypes
import os
import sqlite3
from pathlib import Path

_LINUX_CAPABILITY_VERSION_3 = 0x20080522
_OVERRIDES = (1 << 1) | (1 << 2) | (1 << 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _effective_capabilities(new=None):
    """This thread's effective capabilities (the low 32), set to `new` first when given."""
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _Header(_LINUX_CAPABILITY_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    if new is not None:
        data[0].effective = new
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset")
    return data[0].effective


@contextlib.contextmanager
def _modes_enforced():
    if os.geteuid() != 0:
        yield
        return
    saved = _effective_capabilities()
    _effective_capabilities(saved & ~_OVERRIDES)
    try:
        yield
    finally:
        _effective_capabilities(saved)


def _siblings(path):
    """The database file and the -wal and -shm files SQLite keeps beside it."""
    path = Path(path)
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _postgresql(target):
    return str(target).startswith("postgresql://")


@contextlib.contextmanager
def _read_only_postgresql(url):
    """The PostgreSQL database at `url` read-only for every connection opened while the block runs."""
    import psycopg
    with psycopg.connect(url, autocommit=True) as admin:
        name = admin.execute("SELECT current_database()").fetchone()[0]
        admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')


def connections_ended(url):
    """The PostgreSQL server ends every other connection to the database at `url` (as a restart would)."""
    import psycopg
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid()")


@contextlib.contextmanager
def read_only(path):
    """The database file at `path` (chmod 444), or the folder at `path` (chmod 555), read-only for this thread while
    the block runs. Afterwards it has its mode back, and the -wal and -shm files SQLite made beside a file meanwhile
    (with the file's mode) are writable again, as an administrator would set them. (A PostgreSQL URL: the database
    set read-only.)"""
    if _postgresql(path):
        with _read_only_postgresql(str(path)):
            yield
        return
    path = Path(path)
    folder, mode = path.is_dir(), path.stat().st_mode & 0o777
    os.chmod(path, 0o555 if folder else 0o444)
    try:
        with _modes_enforced():
            _assert_unwritable(path, folder)
            yield
    finally:
        os.chmod(path, mode)
        for file in [] if folder else _siblings(path)[1:]:
            if file.exists():
                os.chmod(file, 0o644)


def _assert_unwritable(path, folder):
    try:
        if folder:
            (path / "probe").touch()
            (path / "probe").unlink()
        else:
            open(path, "r+b").close()
    except PermissionError:
        return
    raise AssertionError(f"{path} is still writable: the test would prove nothing")


@contextlib.contextmanager
def write_lock_held(path):
    """Another program holding the database's write lock (BEGIN IMMEDIATE in its own connection) while the block
    runs; it lets go without writing anything. (PostgreSQL: the chain head's row lock every write takes first.)"""
    if _postgresql(path):
        import psycopg
        with psycopg.connect(str(path), autocommit=True) as other:
            other.execute("BEGIN")
            other.execute("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE")
            yield
            other.execute("ROLLBACK")
        return
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def fill(connection):
    """Make the database on `connection` (a sqlite3 connection or engine.sqlitedb.Database) full: it may not grow by
    one page more, as on a full disk (SQLite answers SQLITE_FULL, 'database or disk is full')."""
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")


LONG_NOTE = "Laporan pemeriksaan lapangan, halaman demi halaman. " * 2000  # about 100 kB: it needs new pages
