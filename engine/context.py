"""What every command works with: the database, the clock and the settings, built once by `Alur.open`."""

import functools
import secrets
from dataclasses import dataclass

from .clock import Clock
from .settings import Settings


@dataclass
class Context:
    db: object                     # engine.sqlitedb.Database
    clock: Clock
    settings: Settings

    @functools.cached_property
    def hasher(self):
        from argon2 import PasswordHasher  # as engine.settings.argon2_parameters
        return PasswordHasher.from_parameters(self.settings.argon2_parameters)

    @functools.cached_property
    def stand_in_hash(self):
        """A hash of a random password with these parameters: checked against for a name that has none, so that a
        wrong name takes as long as a wrong password."""
        return self.hasher.hash(secrets.token_hex(16))
