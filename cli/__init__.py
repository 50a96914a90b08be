"""`alur`: the command-line face of Alur, beside the web UI (`webui`): one command per `engine.Alur` method."""

# Each module registers its commands on `main`.
from . import attachments, audit, claims, documents, monitor, people, processes, sop, stores, work  # noqa: F401
from .common import main

__all__ = ["main"]
