"""HTML to PDF with WeasyPrint, for every document Alur prints (the SOP AP document, the monitoring form).

The page size and margins come from the document's own CSS `@page` rule (A4 landscape in Alur's documents);
`paper` overrides the size only. WeasyPrint needs Pango from the system: where it cannot be loaded, the refusal
names the Debian package to install rather than a traceback.
"""

import contextlib
import io

from ..errors import InvalidData, Unavailable

# Landscape sizes: A4 is 297 x 210 mm; F4 (folio, the paper many Indonesian offices print on) 330 x 215 mm.
PAPERS = {"a4": "297mm 210mm", "f4": "330mm 215mm"}
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


def _weasyprint():
    try:
        # WeasyPrint loads Pango through cffi when it is imported, and prints a banner when it cannot
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError as error:
        detail = str(error).splitlines()[0].split(".  ")[0]
        raise Unavailable("print.no_pango", packages=PANGO_PACKAGES, detail=detail) from None
    return weasyprint


def available():
    """True when WeasyPrint and its system libraries load."""
    try:
        _weasyprint()
    except Unavailable:
        return False
    return True


def to_pdf(html: str, base_url=None, paper=None) -> bytes:
    """The PDF of `html`. `paper` ("a4" or "f4", landscape) overrides the document's page size when given."""
    return laid_out(html, base_url, paper).write_pdf()


def laid_out(html, base_url=None, paper=None):
    """`html` laid out in pages (a weasyprint Document: its pages' `anchors` tell where each element with an id
    stands; `write_pdf()` writes it)."""
    weasyprint = _weasyprint()
    stylesheets = []
    if paper is not None:
        if paper not in PAPERS:
            raise InvalidData("print.paper", paper=paper, choices=list(PAPERS))
        stylesheets.append(weasyprint.CSS(string=f"@page {{ size: {PAPERS[paper]}; }}"))
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_no_fetch)
    return document.render(stylesheets=stylesheets)


def _no_fetch(url, *args, **kwargs):
    # Documents are built from diagrams people upload: nothing in them may make the printer fetch a file or URL.
    # Inline data: URLs (SVG, images written into the page) are the only resources a document may use.
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"Alur documents fetch nothing ({url[:60]})")
