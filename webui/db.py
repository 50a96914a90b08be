"""One `Alur` per worker process and thread, opened on first use and kept: its connection, its settings (read
once) and its cache of the versions' models serve every request that worker answers."""

import os
import threading

from flask import current_app

from engine import Alur

_local = threading.local()


def get_alur():
    """The engine on the app's database for this process and thread (a forked worker opens its own)."""
    config = current_app.config
    key = (os.getpid(), config["ALUR_DB"], id(config.get("ALUR_CLOCK")))
    if getattr(_local, "key", None) != key:
        close()
        alur = Alur.open(config["ALUR_DB"], settings=config.get("ALUR_SETTINGS"), clock=config.get("ALUR_CLOCK"))
        # Load this year's holidays now rather than inside the first completion's write transaction.
        alur.settings.calendar.day_off(alur.clock.now().date())
        _local.alur, _local.key = alur, key
    return _local.alur


def close():
    """Close this thread's engine, if it has one (the next request opens it again). A connection inherited
    through a fork is left to the parent."""
    alur, key = getattr(_local, "alur", None), getattr(_local, "key", None)
    _local.alur = _local.key = None
    if alur is not None and key[0] == os.getpid():
        alur.close()
