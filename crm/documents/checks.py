"""What a document may be: a known type whose bytes say the same as its extension, within the
size limit, under a plain file name. Each refusal says why, in the user's language."""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of old Word and Excel files


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str


TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", "PDF"),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
    ),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument"),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"),
    "doc": FileType("application/msword", "Word 97–2003"),
    "xls": FileType("application/vnd.ms-excel", "Excel 97–2003"),
    "jpg": FileType("image/jpeg", "JPEG"),
    "jpeg": FileType("image/jpeg", "JPEG"),
    "png": FileType("image/png", "PNG"),
    "txt": FileType("text/plain", "tekst"),
    "csv": FileType("text/csv", "CSV"),
}
# Characters a file name cannot hold on one of the systems that will save it again.
FORBIDDEN = set('/\\:*?"<>|')


def max_bytes() -> int:
    return int(settings.DOCUMENT_MAX_MB) * 1024 * 1024


def clean_name(name: str) -> str:
    """The name as given, if it is a plain file name with an allowed extension.

    Raises: ValidationError naming what is wrong (a path, a control character, the extension).
    """
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise ValidationError(_("Give the file a name."), code="name")
    if ".." in name or any(char in FORBIDDEN for char in name):
        raise ValidationError(
            _('A file name cannot hold a path or any of / \\ : * ? " < > | (“%(name)s”).')
            % {"name": name[:80]},
            code="name",
        )
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationError(_("The file name contains control characters."), code="name")
    if len(name) > 200:
        raise ValidationError(_("The file name is longer than 200 characters."), code="name")
    extension(name)
    return name


def extension(name: str) -> str:
    """Raises: ValidationError when the extension is not one of TYPES."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached (.%(ext)s). Allowed: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted({f".{e}" for e in TYPES}))},
            code="type",
        )
    return ext


def _zip_names(handle: IO[bytes]) -> set[str] | None:
    try:
        with zipfile.ZipFile(handle) as archive:  # reads the directory only, nothing expanded
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                names.add("mimetype=" + archive.read("mimetype").decode("ascii", "replace"))
            return names
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1250"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # The slice may cut a UTF-8 character at its end: that is still text.
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True
            continue
        return True
    return False


def content_matches(ext: str, handle: IO[bytes]) -> bool:
    """Whether the bytes are what the extension says (the first bytes, or the archive's parts)."""
    handle.seek(0)
    head = handle.read(8192)
    handle.seek(0)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("doc", "xls"):
        return head.startswith(OLE2)
    if ext in ("txt", "csv"):
        return _is_text(head)
    if not head.startswith(b"PK\x03\x04"):
        return False
    names = _zip_names(handle)
    handle.seek(0)
    if names is None:
        return False
    if ext == "docx":
        return "[Content_Types].xml" in names and "word/document.xml" in names
    if ext == "xlsx":
        return "[Content_Types].xml" in names and "xl/workbook.xml" in names
    return f"mimetype={TYPES[ext].media_type}" in names


def check_file(name: str, handle: IO[bytes], size: int) -> FileType:
    """The file's type when ``name``, ``size`` and the bytes agree.

    Raises: ValidationError with the reason (size, name, type, content).
    """
    if size > max_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB (it has %(size).1f MB).")
            % {"limit": settings.DOCUMENT_MAX_MB, "size": size / 1024 / 1024},
            code="size",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    ext = extension(clean_name(name))
    if not content_matches(ext, handle):
        raise ValidationError(
            _("The file's content is not %(label)s, as its extension .%(ext)s says; a renamed "
              "file of another kind is not accepted.") % {"label": TYPES[ext].label, "ext": ext},
            code="content",
        )  # fmt: skip
    return TYPES[ext]
