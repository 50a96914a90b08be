"""What a document attached to a `file` field is, read from its bytes: never from its name.

Alur takes the documents an office produces: PDF, images, and office documents (Word, Excel, PowerPoint, and
their OpenDocument kin). An office document of today is a zip container, so a zip is opened and taken only
when it declares itself as one ([Content_Types].xml for Office Open XML, a `mimetype` entry for OpenDocument);
any other zip is an archive. Executables, scripts, archives and macro-enabled documents are refused.
"""

import io
import zipfile
import zlib

from .errors import InvalidData

# (signature at offset 0, media type); the first that matches names the document.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    # Word, Excel and PowerPoint before 2007 (an OLE2 compound file).
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office"),
)
EXECUTABLES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
               b"\xca\xfe\xba\xbe", b"#!", b"\x00asm", b"dex\n")
ARCHIVES = (b"\x1f\x8b", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd",
            b"MSCF", b"PK\x05\x06")
ZIP = b"PK\x03\x04"
# Office Open XML: the main part's content type (in [Content_Types].xml) -> the document's media type.
OOXML = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml":
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OPENDOCUMENT = "application/vnd.oasis.opendocument."
ACCEPTED = "PDF, PNG, JPEG, GIF, TIFF, Word, Excel, PowerPoint, OpenDocument"
MAX_CONTENT_TYPES = 1024 * 1024   # [Content_Types].xml is a few kB; a larger one is not read


def sniff(name, content, limit):
    """The media type of `content` (bytes of the file `name`, at most `limit` bytes); InvalidData naming the
    file and what to do when it is empty, too large, or not a document Alur keeps."""
    if not content:
        raise InvalidData("file.empty", file=name)
    if len(content) > limit:
        raise InvalidData("file.too_large", file=name, megabytes=round(len(content) / 1048576, 1),
                          limit=limit // 1048576)
    for signature, media_type in SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(ZIP):
        return _zip_document(name, content)
    if content.startswith(EXECUTABLES):
        raise InvalidData("file.executable", file=name)
    if content.startswith(ARCHIVES) or content[257:262] == b"ustar":
        raise InvalidData("file.archive", file=name)
    raise InvalidData("file.unknown_type", file=name, accepted=ACCEPTED)


def _zip_document(name, content):
    """An office document in a zip container, by what it declares inside; any other zip is an archive."""
    try:
        container = zipfile.ZipFile(io.BytesIO(content))
        names = set(container.namelist())
        if "[Content_Types].xml" in names:
            info = container.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES:
                raise InvalidData("file.archive", file=name)
            types = container.read(info).decode("utf-8", "replace")
            if "macroEnabled" in types:
                raise InvalidData("file.macros", file=name)
            for part, media_type in OOXML.items():
                if part in types:
                    return media_type
        elif "mimetype" in names and container.getinfo("mimetype").file_size <= 200:
            declared = container.read("mimetype").decode("ascii", "replace").strip()
            if declared.startswith(OPENDOCUMENT) and declared.isprintable():
                return declared
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            KeyError, ValueError, zlib.error):
        pass  # a damaged container is no document either
    raise InvalidData("file.archive", file=name)
