"""Decoding saved pages: UTF-8 (with or without BOM), GB2312/GBK/GB18030, Big5, UTF-16.

The order is: byte-order mark, a binary check, strict UTF-8, the charset an HTML
page declares, then charset-normalizer's detection. Chinese legacy encodings are
widened to their supersets (GB2312 and GBK to GB18030, Big5 to Big5-HKSCS): a
page labelled GB2312 nearly always contains GBK characters, and decoding with the
superset never changes a character the narrower codec would have produced.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReadError

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy labels -> the codec to decode with (a superset of the label).
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
    "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)

# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded text is taken for binary data decoded by accident.
MAX_CONTROL_RATIO = 0.01


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes and the codec name that decoded it (BOM removed)."""

    text: str
    encoding: str


def normalize_encoding_name(name: str) -> str:
    """A codec name Python knows, widened to the superset for Chinese legacy labels."""
    key = name.strip().lower().replace("_", "-")
    if key in _SUPERSETS:
        return _SUPERSETS[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return key


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return match.group(1).decode("ascii", "replace")


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL bytes all sit at odd (or all at even) positions.

    UTF-16 text without a BOM has a NUL in every ASCII character (markup,
    digits, spaces), always on the same side of the pair; binary data has NULs
    anywhere. The decoded text is checked for control characters afterwards.
    """
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul and even_nul == 0:
        return "utf-16-le"
    if even_nul and odd_nul == 0:
        return "utf-16-be"
    return None


def control_ratio(text: str) -> float:
    """Share of characters that are control characters other than common whitespace."""
    if not text:
        return 0.0
    bad = sum(
        1 for ch in text
        if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Cs", "Co")
    )
    return bad / len(text)


def _checked(text: str, encoding: str, path: object) -> Decoded:
    if "\x00" in text or control_ratio(text) > MAX_CONTROL_RATIO:
        raise ReadError(
            path, f"decoded as {encoding} but the result is full of control characters; "
            "the file looks binary. Give a saved page or text file", stage="decode",
        )
    return Decoded(text, encoding)


def decode_bytes(data: bytes, *, path: object = "<bytes>", declared: str | None = None) -> Decoded:
    """Decode a saved page or text file.

    ``declared`` is a charset the caller knows (an HTML ``<meta charset>``); it is
    tried after a BOM and strict UTF-8. Raises ``ReadError`` for empty, binary or
    undecodable input.
    """
    if not data.strip():
        raise ReadError(path, "the file is empty", stage="decode")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding), encoding, path)
            except UnicodeDecodeError as err:
                raise ReadError(
                    path, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"({err.reason} at byte {err.start}); re-save it as UTF-8", stage="decode",
                ) from err
    utf16 = _looks_like_bomless_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, path)
        except UnicodeDecodeError:
            logger.debug("%s: NUL pattern suggested %s but decoding failed", path, utf16)
    if b"\x00" in data:
        raise ReadError(
            path, "contains NUL bytes, so it is binary, not a saved page or text file",
            stage="decode",
        )
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    if declared:
        candidates.append(normalize_encoding_name(declared))
    best = _detect(data)
    if best:
        candidates.append(best)
    for n, encoding in enumerate(dict.fromkeys(candidates)):
        try:
            return _checked(data.decode(encoding), encoding, path)
        except (UnicodeDecodeError, LookupError):
            logger.debug("%s: %s did not decode", path, encoding)
        if n == 0 and declared:  # the page's own charset with a stray byte beats a guessed one
            lenient = _with_few_bad_bytes(data, encoding, path)
            if lenient is not None:
                return lenient
    for encoding in dict.fromkeys([*candidates, "utf-8"]):
        lenient = _with_few_bad_bytes(data, encoding, path)
        if lenient is not None:
            return lenient
    raise ReadError(
        path, "the encoding could not be detected (tried UTF-8, the declared charset and "
        "charset detection); re-save the file as UTF-8", stage="decode",
    )


def _with_few_bad_bytes(data: bytes, encoding: str, path: object) -> Decoded | None:
    """``data`` decoded with U+FFFD for a few bad bytes (a file cut inside its last character, a
    stray byte in a GBK page), which cost those characters, not the article; the loss is reported.
    It is counted against the characters that are not ASCII: a GBK page heavy with markup read as
    UTF-8 would pass a count against all of them. None where more are bad."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    if bad > max(1, (sum(ord(ch) > 127 for ch in text) - bad) // 100):
        return None
    logger.warning("%s: %d undecodable byte sequence(s) read as U+FFFD (%s)", path, bad, encoding)
    return _checked(text, encoding, path)


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data[:200_000]).best()
    if match is None:
        return None
    return normalize_encoding_name(match.encoding)


def read_text(path: str | Path, *, max_bytes: int | None = None) -> Decoded:
    """Read and decode a file; HTML files have their declared charset respected."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ReadError(
                path, f"is {size} bytes, more than the {max_bytes} bytes a saved article may have; "
                "split it or extract the article first", stage="read",
            )
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(path, f"cannot be opened: {err.strerror or err}") from err
    declared = None
    if path.suffix.lower() in (".html", ".htm"):
        declared = declared_charset(data)
    return decode_bytes(data, path=path, declared=declared)
