"""The manifest of a backup: what it holds, and a seal over all of it.

``manifest.json`` lists the format and app versions, when and from which database vendor the
backup was made, the migrations applied, every table's row count, every file (the database
dumps and the uploads) with its size and SHA-256, and the audit chain's head (the number of
events and the last one's hash, as ``mufakat audit verify`` computes them). A ``seal`` covers
the rest: a SHA-256 of its canonical JSON, or an HMAC-SHA256 under ``MUFAKAT_BACKUP_KEY`` when
one is configured. The plain hash catches a damaged or carelessly edited manifest; only the
HMAC stops someone who edits a backup and then recomputes the seal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "mufakat-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupInvalid(Exception):
    """The backup does not verify; the message names every problem found."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(body: dict[str, Any], key: str) -> dict[str, str]:
    data = canonical({k: v for k, v in body.items() if k != "seal"})
    if key:
        return {
            "method": "hmac-sha256",
            "value": hmac.new(key.encode(), data, hashlib.sha256).hexdigest(),
        }
    return {"method": "sha256", "value": hashlib.sha256(data).hexdigest()}


def check_seal(body: dict[str, Any], key: str) -> str | None:
    """None when the seal holds, else what is wrong."""
    found = body.get("seal") or {}
    method = found.get("method")
    if key and method != "hmac-sha256":
        return (
            "the manifest is not sealed with an HMAC, but MUFAKAT_BACKUP_KEY is set: a backup "
            "made without the key cannot be trusted here"
        )
    if method == "hmac-sha256" and not key:
        return "the manifest is sealed with an HMAC: set MUFAKAT_BACKUP_KEY to the key it was made with"
    if method not in ("sha256", "hmac-sha256"):
        return "the manifest has no seal"
    expected = seal(body, key)["value"]
    if not hmac.compare_digest(expected, str(found.get("value", ""))):
        return "the manifest's seal does not match its content (the manifest was changed)"
    return None


def walk(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, sorted."""
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def file_entry(root: Path, path: Path) -> dict[str, Any]:
    return {
        "path": path.relative_to(root).as_posix(),
        "size": path.stat().st_size,
        "sha256": sha256_file(path),
    }


@dataclass
class Manifest:
    body: dict[str, Any]

    @property
    def vendor(self) -> str:
        return str(self.body["database"]["vendor"])

    @property
    def tables(self) -> dict[str, int]:
        return dict(self.body["tables"])

    @property
    def audit(self) -> dict[str, Any]:
        return dict(self.body["audit"])

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.body["files"])

    def media(self) -> list[dict[str, Any]]:
        return [f for f in self.files if f["path"].startswith("media/")]


def write(directory: Path, body: dict[str, Any], key: str) -> Manifest:
    body = {**body, "seal": seal(body, key)}
    (directory / MANIFEST).write_text(
        json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return Manifest(body)


def read_and_verify(directory: Path, key: str) -> Manifest:
    """The manifest, once its seal, format and every file it lists hold; otherwise
    :class:`BackupInvalid` naming each problem (a changed, missing or unlisted file)."""
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupInvalid(f"{directory} holds no {MANIFEST}: it is not a Mufakat backup.")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupInvalid(f"{path} is not valid JSON: {error}") from error
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise BackupInvalid(f"{path} is not a Mufakat backup manifest.")
    if body.get("format_version") != FORMAT_VERSION:
        raise BackupInvalid(
            f"{path}: backup format version {body.get('format_version')} is not supported "
            f"(this version reads {FORMAT_VERSION})."
        )
    problem = check_seal(body, key)
    if problem:
        raise BackupInvalid(f"{path}: {problem}.")
    problems = []
    listed = set()
    for entry in body["files"]:
        name = entry["path"]
        listed.add(name)
        file = directory / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            problems.append(f"{name}: not a path inside the backup")
        elif not file.is_file():
            problems.append(f"{name}: missing")
        elif file.stat().st_size != entry["size"]:
            problems.append(
                f"{name}: size {file.stat().st_size} bytes, the manifest says {entry['size']}"
            )
        elif sha256_file(file) != entry["sha256"]:
            problems.append(f"{name}: content changed (its SHA-256 differs from the manifest's)")
    for file in walk(directory):
        name = file.relative_to(directory).as_posix()
        if name != MANIFEST and name not in listed:
            problems.append(f"{name}: not listed in the manifest")
    if problems:
        raise BackupInvalid(
            f"The backup in {directory} does not verify:\n  " + "\n  ".join(problems)
        )
    return Manifest(body)
