"""Getting a web worker ready to serve: every view loaded, and what loading made kept out of the
garbage collector's way.

Django, its apps and the project's modules leave about 160,000 objects that live as long as the
process. Python's full garbage collection walks every tracked object, so with them a full
collection in a warm worker took 120–190 ms, one request in a few hundred, enough to set a page's
p95. Frozen once at start (:func:`gc.freeze`), they are never walked again; a full collection
then walks only what requests made since. Nothing frozen is ever freed, which is right for
module-level objects and wrong for anything a request makes, so this runs once, before the first
request.

A worker's first requests then fill its caches (compiled statements, templates, psycopg's
conversions), which live as long as the process too and made full collections slow again
(150–200 ms on an API list whose requests leave cyclic garbage). :class:`Settling` collects and
freezes once more after a worker's 500th, 2,000th and 8,000th request, when its caches have
filled: garbage is collected first, so only what is alive at that moment is kept.
"""

import gc
from collections.abc import Callable, Iterable
from typing import Any

#: After how many requests a worker collects and freezes again what its caches hold.
SETTLE_AFTER = (500, 2_000, 8_000)

#: The collector's thresholds in a web worker (Python's are 700, 10, 10). A request's garbage
#: is mostly cycles (a prefetched row and the queryset holding it); with Python's first
#: threshold they were promoted while the request ran and left for a full collection, a pause of
#: 60–190 ms every few requests of an API list (the activities API's p95 was 133–168 ms). Collected
#: after 10,000 new objects, most die young: that p95 is now 50–62 ms. Higher thresholds shorten
#: requests a little more but keep more garbage waiting: at 20,000 a worker grew past 150 MiB.
THRESHOLDS = (10_000, 10, 10)


def settle() -> None:
    """Load every view module now (the URLconf imports them) and freeze what that left."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view module
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


class Settling:
    """WSGI application that settles its worker again after ``SETTLE_AFTER`` requests."""

    def __init__(
        self, application: Callable[..., Iterable[bytes]], after: tuple[int, ...] = SETTLE_AFTER
    ) -> None:
        self.application = application
        self.after = frozenset(after)
        self.served = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        self.served += 1
        if self.served in self.after:
            gc.collect()
            gc.freeze()
        return self.application(environ, start_response)
