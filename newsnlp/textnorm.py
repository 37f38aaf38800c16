"""Character-wise text normalisation that never changes the length of a string.

The segmenters are trained on People's Daily 1998, which writes digits and Latin
letters full-width (``１９９８年``), while current news mostly writes them in ASCII.
Both the training data and the text handed to a segmenter go through
:func:`normalize_for_segmenter`, so ``1998年`` and ``１９９８年`` segment alike.
Because the mapping is one character to one character, offsets computed on the
normalised string are offsets into the original text.
"""
from __future__ import annotations

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
