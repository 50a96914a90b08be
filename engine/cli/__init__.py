"""`alur`: the command-line face of the engine, one command per `engine.Alur` method."""

from . import audit, processes, work  # noqa: F401  (each module registers its commands on `main`)
from .common import main

__all__ = ["main"]
