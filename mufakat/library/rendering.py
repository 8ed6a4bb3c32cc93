"""Item bodies are written in Markdown and shown as HTML: rendered, then sanitised.

Authors are trusted to format, not to script: ``nh3`` keeps a small allow-list of tags and
attributes, drops everything else (scripts, styles, event handlers, ``javascript:`` links), and
marks links ``noopener noreferrer`` so a shared item cannot act on the reader's session — the
CSP forbids inline styles and scripts anyway, this keeps the page clean of them too.
"""

from __future__ import annotations

import markdown  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitised HTML, safe to insert in a template."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    # Headings start at h2: the page's own title is the only h1.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)
