"""The Chinese tokenizer: owns its segmenter and its user dictionary.

Each ``ChineseTokenizer`` holds its own ``jieba.Tokenizer`` (never the jieba
module's global one, so ``jieba.add_word`` elsewhere cannot change us and we
cannot change anyone else) or its own pkuseg model. The user dictionary is
saved with the pipeline and restored by ``spacy.load``.

jieba cannot hold words with spaces, dots or mixed scripts (谢尔盖·绍伊古,
第 528 工兵团): its block regex splits text on those characters before the
dictionary is consulted. Such words are matched first by a regex that accepts
any dot variant and optional whitespace between their characters, become one
token each, and only the text between them goes to the segmenter.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import srsly
from spacy.tokens import Doc
from spacy.util import ensure_path
from spacy.vocab import Vocab

from .errors import ConfigError, ModelNotFoundError
from .extensions import remember_text
from .resources import models_dir
from .textnorm import normalize_for_segmenter

logger = logging.getLogger(__name__)

# Dots used between the parts of transliterated names; all are one for matching.
NAME_DOTS = "·・•‧･．"
_SPACES = " \u00a0\u3000\t"
# Characters jieba keeps inside one block; a user word made only of these can
# go into jieba's own dictionary.
_JIEBA_BLOCK = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
# Words that jieba would segment fine but whose written forms vary (spaces,
# dots, digits next to Han) are matched by the flexible regex instead.
_NEEDS_PATTERN = re.compile(rf"[0-9A-Za-z{re.escape(NAME_DOTS + _SPACES)}]")


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"


class Dictionary(str, Enum):
    newsnlp = "newsnlp"  # built from PKU-standard data plus the KB lexicon
    stock = "stock"      # jieba's own dictionary


def jieba_dict_path() -> Path:
    return models_dir() / "segmenter" / "jieba_dict.txt"


def pkuseg_model_path() -> Path:
    return models_dir() / "segmenter" / "pkuseg"


def import_jieba() -> Any:
    """The jieba module, imported without setuptools' ``pkg_resources``.

    jieba imports ``pkg_resources`` only to open its own data files, and falls back
    to plain paths when the import fails. Importing it costs 0.1-0.2 s of every
    start (and, with recent setuptools, prints a deprecation warning), so while
    jieba loads the name is marked as missing; anything imported afterwards gets
    the real module.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    masked = "pkg_resources" not in sys.modules
    if masked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jieba
    finally:
        if masked and sys.modules.get("pkg_resources", ...) is None:
            del sys.modules["pkg_resources"]
    return jieba


def initialize_jieba(engine: Any) -> None:
    """Load a ``jieba.Tokenizer``'s prefix dictionary, from our copy of it when there is one.

    jieba builds the prefix dictionary from the word list once and caches it, but
    reads its cache with ``marshal.load`` on the open file, object by object: about
    1 s for our dictionary. The same data read in one piece and decoded with
    ``marshal.loads`` takes 0.3 s, so we keep such a copy in the temporary folder,
    keyed by the word list (path, size, time), jieba's and marshal's versions.
    marshal, like jieba's own cache, rather than pickle: loading it runs no code.
    """
    jieba = import_jieba()

    # jieba's own word list when none was given (its dictionary attribute is then None).
    source = Path(engine.dictionary or Path(jieba.__file__).with_name("dict.txt"))
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{jieba.__version__}|{marshal.version}"
    cache = Path(tempfile.gettempdir()) / f"newsnlp-jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"
    try:
        freq, total = marshal.loads(cache.read_bytes())
        if not (isinstance(freq, dict) and isinstance(total, int) and total > 0):
            raise ValueError("not a prefix dictionary")
    except (OSError, ValueError, EOFError, TypeError):
        pass
    else:
        engine.FREQ, engine.total, engine.initialized = freq, total, True
        return
    # jieba announces each dictionary load at DEBUG on its own stderr handler;
    # every pipeline and worker process loads one, so keep that load quiet.
    jieba_logger = logging.getLogger("jieba")
    level = jieba_logger.level
    jieba_logger.setLevel(max(level, logging.INFO))
    try:
        engine.initialize()
    finally:
        jieba_logger.setLevel(level)
    partial = None
    try:  # written whole, then renamed: a reader never sees half a file
        with tempfile.NamedTemporaryFile(dir=cache.parent, prefix=cache.name, delete=False) as out:
            partial = Path(out.name)
            out.write(marshal.dumps((engine.FREQ, engine.total)))
        os.replace(partial, cache)
    except OSError as err:
        logger.debug("Could not keep a copy of jieba's prefix dictionary at %s: %s", cache, err)
        if partial is not None:
            partial.unlink(missing_ok=True)


def _word_skeleton(word: str) -> str:
    return "".join(ch for ch in word if ch not in NAME_DOTS and ch not in _SPACES)


def _flexible_pattern(word: str) -> str:
    """Regex for a word whose spaces and name dots may vary in the text."""
    gap = f"[{re.escape(NAME_DOTS + _SPACES)}]*"
    return gap.join(re.escape(ch) for ch in _word_skeleton(word))


class ChineseTokenizer:
    """Segment Chinese text into a ``Doc`` whose text is exactly the input.

    segmenter: "jieba" (fast, default) or "pkuseg" (trained model in models/).
    dictionary: for jieba, "newsnlp" (the dictionary built in models/segmenter,
        falling back to jieba's stock one with a warning if it is not installed)
        or "stock".
    hmm: let jieba's HMM join unknown characters into words. None (default):
        off with the newsnlp dictionary, which is built to the PKU standard
        and loses 5 points of F1 with it, on with the stock dictionary.
    user_words: words that must stay one token (names, unit designations).
    """

    def __init__(
        self,
        vocab: Vocab,
        *,
        segmenter: Segmenter | str = Segmenter.jieba,
        dictionary: Dictionary | str = Dictionary.newsnlp,
        hmm: bool | None = None,
        user_words: Iterable[str] = (),
    ) -> None:
        self.vocab = vocab
        try:
            self.segmenter = Segmenter(segmenter).value
            self.dictionary = Dictionary(dictionary).value
        except ValueError as err:
            raise ConfigError(
                f"{err}. Use segmenter='jieba' or 'pkuseg', dictionary='newsnlp' or 'stock'."
            ) from None
        self.hmm = (self.dictionary == Dictionary.stock) if hmm is None else hmm
        self.user_words: list[str] = []
        self._engine: Any = None
        self._pattern: re.Pattern[str] | None = None
        if self.segmenter == Segmenter.pkuseg:
            self._check_pkuseg_model()
        self.add_words(user_words)

    # -- user dictionary -------------------------------------------------
    def add_words(self, words: Iterable[str]) -> None:
        """Add words that must be single tokens. Idempotent."""
        known = set(self.user_words)
        new = [w.strip() for w in words if w and w.strip() and w.strip() not in known]
        new = list(dict.fromkeys(new))
        if not new:
            return
        self.user_words.extend(new)
        self._pattern = None
        if self._engine is not None and self.segmenter == Segmenter.jieba:
            for word in new:
                if not _NEEDS_PATTERN.search(word) and _JIEBA_BLOCK.match(word):
                    self._engine.add_word(word)
        elif self._engine is not None:
            self._engine = None  # pkuseg takes its user dictionary at construction

    def _protected_pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None:
            flexible = [
                w for w in self.user_words
                if _NEEDS_PATTERN.search(w) or not _JIEBA_BLOCK.match(w)
            ]
            if not flexible:
                return None
            # Longest first: Python's alternation takes the first branch that matches.
            flexible.sort(key=lambda w: (-len(_word_skeleton(w)), w))
            self._pattern = re.compile("|".join(_flexible_pattern(w) for w in flexible))
        return self._pattern

    # -- segmenter engines -----------------------------------------------
    def _check_pkuseg_model(self) -> None:
        path = pkuseg_model_path()
        if not (path / "weights.npz").exists():
            raise ModelNotFoundError(
                "The spacy-pkuseg segmentation model",
                path,
                "Rebuild it with `python models/segmenter/build.py pkuseg` from a source "
                "checkout, or use segmenter='jieba'.",
            )

    def _get_engine(self) -> Any:
        if self._engine is None:
            self._engine = self._make_engine()
        return self._engine

    def _make_engine(self) -> Any:
        plain = [w for w in self.user_words if not _NEEDS_PATTERN.search(w) and _JIEBA_BLOCK.match(w)]
        if self.segmenter == Segmenter.pkuseg:
            import spacy_pkuseg

            self._check_pkuseg_model()
            engine = spacy_pkuseg.pkuseg(model_name=str(pkuseg_model_path()), user_dict=plain)
            # Its post-processing also merges words from spacy-pkuseg's own default
            # dictionary, which does not follow the PKU standard our model learnt;
            # user words are kept by the pattern pass and the model's user_dict.
            engine.postprocesser.do_process = False
            return engine
        jieba = import_jieba()
        if self.dictionary == Dictionary.newsnlp and jieba_dict_path().exists():
            engine = jieba.Tokenizer(dictionary=str(jieba_dict_path()))
        else:
            if self.dictionary == Dictionary.newsnlp:
                logger.warning(
                    "The newsnlp jieba dictionary is not installed at %s; using jieba's stock "
                    "dictionary.", jieba_dict_path(),
                )
            engine = jieba.Tokenizer()
        initialize_jieba(engine)
        for word in plain:
            engine.add_word(word)
        return engine

    def _segment(self, text: str) -> list[str]:
        if not text:
            return []
        engine = self._get_engine()
        if self.segmenter == Segmenter.pkuseg:
            return _pkuseg_words(engine, text)
        return list(engine.cut(text, HMM=self.hmm))

    def segment(self, text: str) -> list[str]:
        """Words of ``text``; their concatenation is always ``text``.

        The segmenter sees full-width digits and letters as ASCII (the form its
        dictionary and model were built on); the mapping keeps every length, so
        the words are cut from the original text at the same offsets.
        """
        norm = normalize_for_segmenter(text)
        pattern = self._protected_pattern()
        if pattern is None:
            pieces = self._segment(norm)
        else:
            pieces = []
            pos = 0
            for match in pattern.finditer(norm):
                pieces.extend(self._segment(norm[pos:match.start()]))
                pieces.append(match.group())
                pos = match.end()
            pieces.extend(self._segment(norm[pos:]))
        if "".join(pieces) != norm:  # a segmenter must never rewrite text
            raise RuntimeError(f"Segmenter {self.segmenter} changed the text; please report this input.")
        if norm is text or norm == text:
            return pieces
        words, pos = [], 0
        for piece in pieces:
            words.append(text[pos:pos + len(piece)])
            pos += len(piece)
        return words

    def __call__(self, text: str) -> Doc:
        words = self.segment(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        remember_text(doc, text)  # the words tile the text: spares spaCy's join over every token
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # -- pickling and serialisation --------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_engine"] = None  # jieba.Tokenizer holds a lock; rebuilt lazily
        state["_pattern"] = None
        return state

    def _config(self) -> dict[str, Any]:
        return {
            "segmenter": self.segmenter,
            "dictionary": self.dictionary,
            "hmm": self.hmm,
            "user_words": self.user_words,
        }

    def _load_config(self, cfg: dict[str, Any]) -> None:
        self.segmenter = Segmenter(cfg.get("segmenter", self.segmenter)).value
        self.dictionary = Dictionary(cfg.get("dictionary", self.dictionary)).value
        self.hmm = bool(cfg.get("hmm", self.hmm))
        self.user_words = []
        self._engine = None
        self._pattern = None
        self.add_words(cfg.get("user_words", []))

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return srsly.msgpack_dumps(self._config())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "ChineseTokenizer":
        self._load_config(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._config())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "ChineseTokenizer":
        self._load_config(srsly.read_json(ensure_path(path) / "cfg.json"))
        return self


def _pkuseg_words(engine: Any, text: str) -> list[str]:
    """pkuseg drops whitespace; cut the text itself at its word boundaries."""
    words: list[str] = []
    pos = 0
    for word in engine.cut(text):
        start = text.find(word, pos)
        if start < 0:  # pkuseg normalised something: keep the rest unsegmented
            break
        if start > pos:
            words.extend(_split_gap(text[pos:start]))
        words.append(text[start:start + len(word)])
        pos = start + len(word)
    if pos < len(text):
        words.extend(_split_gap(text[pos:]))
    return words


def _split_gap(gap: str) -> list[str]:
    # Whitespace characters become tokens of their own, as with jieba.
    return [m.group() for m in re.finditer(r"\s|[^\s]+", gap)]
