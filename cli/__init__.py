"""`alur`: the command-line face of Alur, beside the web UI (`webui`): one command per `engine.Alur` method."""

from . import audit, people, processes, work  # noqa: F401  (each module registers its commands on `main`)
from .common import main

__all__ = ["main"]
