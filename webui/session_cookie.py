"""Flask's signed session cookie, with less work per request. Who is signed in lives on the server
(engine.sessions); the cookie carries that session's token, the CSRF token, the language and the messages
flashed for the next page.

- The cookie is set only when the session changed (SESSION_REFRESH_EACH_REQUEST off, in create_app):
  re-sending it on every response only moved its expiry, and the server-side session ends 12 hours after
  sign-in whatever the cookie says, so every unchanged response signed, serialised and sent it for nothing.
- The cookie's format is Flask's own (itsdangerous' URLSafeTimedSerializer, HMAC-SHA1, Flask's tagged JSON), so a
  cookie from before still opens; what changed is the work of making and reading it, which was a tenth of a task
  completion's CPU (the completion sets the cookie to carry its messages):
  - the serializer and its signing key are made once per secret key, not on every request;
  - the session's values are tagged by their type in one pass (Flask tries each of its eight tags on every
    value), and anything but the plain types, tuples and Markup goes to Flask's own tagger;
  - a small session is not compressed (zlib's set-up cost more than the cookie's few hundred bytes); a large one
    (a refused form kept for the redirect) still is, so that it stays under the browser's 4 kB.
"""

import zlib

from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, want_bytes
from markupsafe import Markup

COMPRESS_FROM = 1024   # bytes of JSON: a smaller session goes uncompressed


class _Tagged(TaggedJSONSerializer):
    """Flask's tagged JSON, the same text, tagging plain values without trying every tag on each."""

    def tag(self, value):
        kind = type(value)
        if kind is str or kind is bool or kind is int or kind is float or value is None:
            return value
        if kind is list:
            return [self.tag(item) for item in value]
        if kind is tuple:
            return {" t": [self.tag(item) for item in value]}
        if kind is Markup:
            return {" m": str(value)}
        if kind is dict and not (len(value) == 1 and next(iter(value)) in self.tags):
            return {key: self.tag(item) for key, item in value.items()}
        return super().tag(value)   # a dict that looks like a tag, bytes, a UUID, a date: Flask's own way


class _Signer(TimestampSigner):
    """itsdangerous' signer with the key derived (an HMAC of the secret and the salt) once, not on each use."""

    _derived = {}

    def derive_key(self, secret_key=None):
        key = (self.secret_keys[-1] if secret_key is None else secret_key, self.salt, self.key_derivation,
               self.digest_method)
        derived = self._derived.get(key)
        if derived is None:
            derived = self._derived[key] = super().derive_key(secret_key)
        return derived


class _Serializer(URLSafeTimedSerializer):
    signer = _Signer

    def dump_payload(self, obj):
        # itsdangerous' own, which compresses whenever that makes it shorter
        text = want_bytes(self.serializer.dumps(obj))
        if len(text) >= COMPRESS_FROM:
            compressed = zlib.compress(text)
            if len(compressed) < len(text) - 1:
                return b"." + base64_encode(compressed)
        return base64_encode(text)


class SessionCookie(SecureCookieSessionInterface):
    serializer = _Tagged()

    def __init__(self):
        self._signer = None, None

    def get_signing_serializer(self, app):
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        key = (app.secret_key, fallbacks)
        if self._signer[0] != key:
            self._signer = key, _Serializer(
                [*fallbacks, app.secret_key], salt=self.salt, serializer=self.serializer,
                signer_kwargs={"key_derivation": self.key_derivation, "digest_method": self.digest_method})
        return self._signer[1]


def init_app(app):
    app.session_interface = SessionCookie()
