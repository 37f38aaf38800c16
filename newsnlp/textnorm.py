"""Character-wise text normalisation that never changes the length of a string.

The segmenters are trained on People's Daily 1998, which writes digits and Latin
letters full-width (``１９９８年``), while current news mostly writes them in ASCII.
Both the training data and the text handed to a segmenter go through
:func:`normalize_for_segmenter`, so ``1998年`` and ``１９９８年`` segment alike.
Because the mapping is one character to one character, offsets computed on the
normalised string are offsets into the original text.
"""
from __future__ import annotations

import functools
from pathlib import Path

from .errors import ModelNotFoundError

# Full-width forms (U+FF01..U+FF5E) of characters that live inside numbers, codes
# and Latin words. Sentence punctuation (，！？：；（）［］ and the like) stays
# full-width: that is how Chinese news writes it, and the segmenters learnt it so.
_INNER_SYMBOLS = "．％－／＋＊＝＠＃＆＿＇＂＜＞＄"
_FULLWIDTH = (
    "０１２３４５６７８９"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ" + _INNER_SYMBOLS
)
_SEGMENTER_TABLE = str.maketrans({ch: chr(ord(ch) - 0xFEE0) for ch in _FULLWIDTH})


def normalize_for_segmenter(text: str) -> str:
    """Return ``text`` with full-width digits, letters and in-number symbols as ASCII.

    ``len(result) == len(text)`` always holds, so word boundaries found on the
    result are valid character offsets into ``text``.
    """
    return text.translate(_SEGMENTER_TABLE)


def _opencc_characters() -> Path:
    try:
        import opencc
    except ImportError as exc:  # a declared dependency
        raise ModelNotFoundError(
            "The OpenCC character table", "opencc",
            "Install it with `pip install opencc-python-reimplemented`.",
        ) from exc
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    if not path.is_file():
        raise ModelNotFoundError(
            "The OpenCC traditional-to-simplified table", path,
            "Reinstall it with `pip install --force-reinstall opencc-python-reimplemented`.",
        )
    return path


@functools.cache
def t2s_char_table() -> dict[int, int]:
    """Traditional -> simplified, character for character, from OpenCC's own table.

    Only one-to-one entries are kept, so ``text.translate(table)`` never changes
    the length of a text and offsets stay valid. Copy before extending it.
    """
    table: dict[int, int] = {}
    with _opencc_characters().open(encoding="utf-8") as handle:
        for line in handle:
            trad, _, simps = line.rstrip("\n").partition("\t")
            simp = simps.split(" ")[0] if simps else ""
            if len(trad) == 1 and len(simp) == 1 and trad != simp:
                table[ord(trad)] = ord(simp)
    return table


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` of ``text`` without whitespace at either edge; None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
