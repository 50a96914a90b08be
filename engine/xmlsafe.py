"""Read diagram bytes as XML without resolving entities or fetching anything."""

import re

from lxml import etree

from .results import Problem

MAX_BYTES = 5 * 1024 * 1024
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class Refused(Exception):
    def __init__(self, problem):
        problem.readable = False
        self.problem = problem
        super().__init__(problem.message.code)


def parse(data, file_name):
    """Parse `data` (bytes) into an lxml root element, or raise Refused with the reason."""
    if len(data) > MAX_BYTES:
        raise Refused(Problem.of(file_name, "xml.too_large", megabytes=round(len(data) / 1048576, 1),
                                 limit=MAX_BYTES // 1048576))
    declaration = _DECLARATION.search(data)
    if declaration:
        line = data.count(b"\n", 0, declaration.start()) + 1
        raise Refused(Problem.of(file_name, "xml.declaration", line))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_blank_text=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise Refused(Problem.of(file_name, "xml.malformed", error.lineno, detail=error.msg)) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise Refused(Problem.of(file_name, "xml.declaration"))
    return root
