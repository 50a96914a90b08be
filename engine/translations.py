"""Message catalogues: gettext `.po` files read with Babel and compiled in memory on first use, so there is
no build step and no compiled `.mo` file that can fall behind its source."""

import functools
import io
from pathlib import Path



@functools.lru_cache(maxsize=None)
def load(path):
    """The translations in the `.po` file at `path` (fuzzy entries left out); none when it does not exist.
    Babel is imported here, on first use: a command that says nothing in Indonesian never loads it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    path = Path(path)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)
