"""Alur's engine: deploys SOP diagrams, runs them with SpiffWorkflow, keeps everything in SQLite."""

from .api import Alur
from .errors import AlurError

__all__ = ["Alur", "AlurError"]
