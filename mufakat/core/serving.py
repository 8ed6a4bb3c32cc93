"""Getting a web worker ready to serve: every view loaded, and what loading made kept out of the
garbage collector's way.

Django, its apps and the project's modules leave about 160,000 objects that live as long as the
process. Python's full garbage collection walks every tracked object, so with them a full
collection in a warm worker took 120–190 ms, one request in a few hundred, enough to set a page's
p95. Frozen once at start (:func:`gc.freeze`), they are never walked again; a full collection
then walks only what requests made since (50–60 ms in the same worker). Nothing frozen is ever
freed, which is right for module-level objects and wrong for anything a request makes, so this
runs once, before the first request.
"""

import gc


def settle() -> None:
    """Load every view module now (the URLconf imports them) and freeze what that left."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view module
    gc.collect()
    gc.freeze()
