"""Where a request comes from: one answer for the login lockout, API throttling and the audit log.

Behind ``MUFAKAT_TRUSTED_PROXIES`` proxies (nginx: 1), every proxy appends the address it received
the request from to ``X-Forwarded-For``, so the client is the N-th entry from the right. Whatever a
client writes into that header itself stays to the left of it and is never used: prepending
addresses cannot make one client look like another.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address; behind trusted proxies, the one the outermost proxy saw."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "MUFAKAT_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        # Not forwarded by every trusted proxy (e.g. a health check on the loopback address).
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote
