"""``reverse()`` once per process for each link a page repeats.

A registry page links to hundreds of bodies, parties and meetings; ``reverse()`` walks the
resolver each time (20–30 µs), so a list of a few hundred rows spent several milliseconds
building the same handful of URL shapes. The result of ``reverse()`` depends only on the view
name, its arguments, the URL configuration, the script prefix (a deployment under a sub-path)
and the active language (translated URL patterns), so those are the cache key: a result is
never served for another prefix, language or URL configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

#: Enough for every body, party and a few thousand meetings; about 1 MB at most.
MAX_URLS = 4096

Arg = str | int


@lru_cache(maxsize=MAX_URLS)
def _reverse(
    viewname: str, args: tuple[Arg, ...], urlconf: str, prefix: str, language: str | None
) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname: str, *args: Arg) -> str:
    """``reverse(viewname, args=args)``, computed once per process and key (see the module)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, urlconf, get_script_prefix(), get_language())


def reverser() -> Callable[..., str]:
    """:func:`cached_reverse` bound to the current URL configuration, prefix and language, for
    a loop that links many rows (one look-up of them per list instead of one per link)."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())

    def url(viewname: str, *args: Arg) -> str:
        return _reverse(viewname, args, *key)

    return url


def clear() -> None:
    """Forget every cached URL (tests that change the URL configuration in place)."""
    _reverse.cache_clear()
