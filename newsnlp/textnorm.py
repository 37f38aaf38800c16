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
import re
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
# Characters that separate the parts of a transliterated name (谢尔盖·绍伊古), in their many forms.
NAME_DOTS = "・·•‧･∙⋅●"
# Opening quotation marks of names and their closing ones (“亚速”营, 「西方」集群).
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"'}
# What ends a sentence for the rules that look around a mention: a full stop, ! or ?, a line break.
_SENTENCE_MARKS = "。！？!?\n"
SENTENCE_BREAK = re.compile(f"[{_SENTENCE_MARKS}]")


def sentence_start(text: str, pos: int, marks: str = _SENTENCE_MARKS) -> int:
    """Offset of the first character of the sentence that holds ``pos`` (after the last
    :data:`SENTENCE_BREAK` before it), or of its clause where ``marks`` holds a clause's marks."""
    return max(text.rfind(mark, 0, pos) for mark in marks) + 1


def normalize_for_segmenter(text: str) -> str:
    """Return ``text`` with full-width digits, letters and in-number symbols as ASCII.

    ``len(result) == len(text)`` always holds, so word boundaries found on the
    result are valid character offsets into ``text``.
    """
    return text.translate(_SEGMENTER_TABLE)


def _opencc_dictionary(name: str) -> Path:
    try:
        import opencc
    except ImportError as exc:  # a declared dependency
        raise ModelNotFoundError(
            "The OpenCC character table", "opencc",
            "Install it with `pip install opencc-python-reimplemented`.",
        ) from exc
    path = Path(opencc.__file__).parent / "dictionary" / name
    if not path.is_file():
        raise ModelNotFoundError(
            "The OpenCC table", path,
            "Reinstall it with `pip install --force-reinstall opencc-python-reimplemented`.",
        )
    return path


@functools.cache
def t2s_char_table() -> dict[int, int]:
    """Traditional -> simplified, character for character, from OpenCC's own tables.

    Hong Kong's and Taiwan's variant characters (衞 for 衛, 敍 for 敘) go to the simplified form
    of their standard one: 明報 writes 革命衞隊. A variant that is itself a standard simplified
    character (抬, 著: in GB 2312) is left alone. Only one-to-one entries are kept, so
    ``text.translate(table)`` never changes the length of a text and offsets stay valid. Copy
    before extending it.
    """
    table: dict[int, int] = {}
    for trad, simp in _one_to_one("TSCharacters.txt"):
        if trad != simp:
            table[ord(trad)] = ord(simp)
    for table_name in ("HKVariantsRev.txt", "TWVariantsRev.txt"):
        for variant, standard in _one_to_one(table_name):
            simp = chr(table.get(ord(standard), ord(standard)))
            if ord(variant) not in table and simp != variant and not _in_gb2312(variant):
                table[ord(variant)] = ord(simp)
    return table


@functools.cache
def script_characters() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional, simplified): the characters that OpenCC's character tables change into the
    other script (``TSCharacters``, ``STCharacters``; their first conversion). Characters common
    to both scripts are in neither."""
    return (frozenset(trad for trad, simp in _one_to_one("TSCharacters.txt") if trad != simp),
            frozenset(simp for simp, trad in _one_to_one("STCharacters.txt") if simp != trad))


def _one_to_one(table_name: str) -> list[tuple[str, str]]:
    """The (character, first conversion) pairs of an OpenCC table whose both sides are one character."""
    pairs = []
    with _opencc_dictionary(table_name).open(encoding="utf-8") as handle:
        for line in handle:
            source, _, targets = line.rstrip("\n").partition("\t")
            target = targets.split(" ")[0] if targets else ""
            if len(source) == 1 and len(target) == 1:
                pairs.append((source, target))
    return pairs


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` of ``text`` without whitespace at either edge; None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
