"""Where a request comes from, for the audit log, without passing the request into services."""

from contextvars import ContextVar

current_ip: ContextVar[str] = ContextVar("mufakat_audit_ip", default="")
