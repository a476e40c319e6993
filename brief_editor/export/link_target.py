"""The target of a link in an export: exactly the URL, percent-encoded.

A URL in a brief is text a user typed or a library gave; in a PDF ``/URI`` or a DOCX
relationship it must be one valid URI. Characters a URI cannot hold (controls, spaces,
quotes, non-ASCII) are percent-encoded as UTF-8, so no raw byte reaches the file and the
reader opens the very address the brief names.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# RFC 3986's reserved and unreserved characters stay as they are; "%" too when it already
# starts an escape.
_SAFE = ":/?#[]@!$&'()*+,;=-._~"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def link_target(url: str) -> str:
    """``url`` as a URI: reserved characters kept, everything else percent-encoded."""
    url = _LONE_PERCENT.sub("%25", url.strip())
    return quote(url, safe=_SAFE + "%", encoding="utf-8", errors="surrogatepass")
