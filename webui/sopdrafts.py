"""SOP drafts: what an analyst uploaded or wrote in the table editor, kept between the POST that brings it
and the pages that show it (post-redirect-get), until it is deployed or a day has passed.

A draft is not part of the record (nothing acknowledged lives here: deploying writes the version and its
event); it is kept in the database (engine.drafts), named by a random token and readable only by the analyst who
made it, so that the page after the upload may come from any of several servers. The page recomputes the problems
and the diagram from it each time.
"""

from .db import get_alur


def save(user, file_name, workbook=None, table=None):
    """Keep a draft: the uploaded workbook's bytes, or a table (the editor's JSON). Returns its token."""
    return get_alur().keep_sop_draft(user, file_name, workbook=workbook, table=table)


def load(token, user):
    """The draft `token` of `user`, with its workbook's bytes under "workbook"; None when there is none (never
    made, expired, deployed, or another analyst's)."""
    return get_alur().sop_draft(token, user)


def discard(token):
    get_alur().discard_sop_draft(token)
