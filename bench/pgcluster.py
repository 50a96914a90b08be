"""A throwaway PostgreSQL cluster for the tests (tests/conftest.py) and the benchmark (`make bench`): Debian's
postgresql binaries, initdb in a temporary directory, reachable only through a Unix socket in that directory,
stopped and removed at the end.

    cluster = Cluster.start()          # PostgreSQLMissing when the binaries are not installed
    url = cluster.create_database()    # postgresql://postgres@/alur_1?host=/tmp/alur-pg-...
    cluster.drop_database(url)
    cluster.stop()

PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user Debian's package creates.
It is tuned for tests, not for keeping data: no fsync (the tests kill Alur's servers, never this cluster); the
benchmark turns fsync back on through `settings`, to measure what an office's server would do.
"""

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, parse_qs

MISSING = ("!!!!!!!! PostgreSQL NOT FOUND (no initdb in /usr/lib/postgresql/*/bin or on PATH): THE POSTGRESQL "
           "TESTS DID NOT RUN (apt-get install postgresql) !!!!!!!!")


class PostgreSQLMissing(RuntimeError):
    pass


def binaries():
    """The directory holding initdb and pg_ctl: Debian's newest version, else PATH's; None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class Cluster:
    SUPERUSER = "postgres"

    def __init__(self, bindir, root, owner):
        self.bindir, self.root, self.owner = bindir, Path(root), owner
        self.data, self.socket = self.root / "data", self.root
        self._names = itertools.count(1)

    @classmethod
    def start(cls, settings=()):
        """initdb and start a cluster; `settings` are extra `name=value` server settings."""
        bindir = binaries()
        if bindir is None:
            raise PostgreSQLMissing(MISSING)
        owner = "postgres" if os.geteuid() == 0 else None
        root = tempfile.mkdtemp(prefix="alur-pg-")  # short: a socket's path holds at most 107 bytes
        cluster = cls(bindir, root, owner)
        try:
            if owner:
                entry = pwd.getpwnam(owner)
                os.chown(root, entry.pw_uid, entry.pw_gid)
            cluster._run("initdb", "-D", str(cluster.data), "-A", "trust", "-U", cls.SUPERUSER, "-E", "UTF8",
                         "--locale=C", "--no-sync")
            options = ["-k", str(cluster.socket), "-c", "listen_addresses=", "-c", "fsync=off",
                       "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
                       *[part for setting in settings for part in ("-c", setting)]]
            cluster._run("pg_ctl", "-D", str(cluster.data), "-l", str(cluster.root / "server.log"), "-w",
                         "-o", " ".join(_quoted(o) for o in options), "start")
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cluster

    def url(self, database="postgres"):
        return f"postgresql://{self.SUPERUSER}@/{database}?host={self.socket}"

    def admin(self, *statements):
        """Run statements (outside a transaction, as CREATE/DROP DATABASE need) on the `postgres` database."""
        import psycopg
        with psycopg.connect(self.url(), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def create_database(self, template=None):
        """A new empty database (a copy of `template` when given), as its URL."""
        name = f"alur_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, url):
        name = urlsplit(url).path.lstrip("/")
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self):
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program, *args):
        command = [str(self.bindir / program), *args]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}")


def database_name(url):
    return urlsplit(url).path.lstrip("/") or parse_qs(urlsplit(url).query).get("dbname", [""])[0]


def _quoted(option):
    return option if option and " " not in option else f"'{option}'"
