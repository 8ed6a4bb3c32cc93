"""Where uploads are kept: Django's file system storage, minus the half-written file.

Django's storage leaves whatever it wrote behind when the disk fills up in the middle of a file.
The services save a file and its row in one transaction, so the row is rolled back; this storage
removes the partial file, so a full disk leaves neither (the visitor gets the 503 page of
:mod:`mufakat.core.error_pages`, which says that nothing was saved).
"""

from __future__ import annotations

import contextlib
import errno
import os
from typing import Any

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage

#: Errors of the disk itself being full (or over its quota).
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        try:
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError as exc:
            if exc.errno in DISK_FULL:
                # Created by this call (the storage opens with O_EXCL), so ours to remove.
                with contextlib.suppress(OSError):
                    os.remove(self.path(name))
            raise
