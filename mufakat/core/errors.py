"""Errors that services raise and both the UI and the API translate for the user."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ConflictError", "PermissionDenied", "ValidationError"]


class ConflictError(Exception):
    """The record changed since the editor loaded it; their edit would overwrite someone's."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            f"This record was changed by someone else (now version {current_version}). "
            "Reload it and apply your edit again."
        )
        self.current_version = current_version
