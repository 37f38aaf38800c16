"""Build the default newsnlp pipeline (``newsnlp.load``)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from . import factories  # noqa: F401  (registers components when used from source)
from .errors import ConfigError
from .tokenizer import Dictionary, Segmenter

logger = logging.getLogger(__name__)

TOKENIZER_OPTIONS = ("segmenter", "dictionary", "hmm")
# Pipe name -> (factory, settings it takes straight from load(), e.g. kb_extra:
# the user's own KB files reach the unit rules, the gazetteer and the linker).
DEFAULT_PIPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sentencizer": ("newsnlp_sentencizer", ()),
    "ner": ("newsnlp_ner", ()),
    "rules": ("newsnlp_rules", ("kb_extra",)),
    "gazetteer": ("newsnlp_gazetteer", ("kb_extra",)),
    "resolver": ("newsnlp_resolver", ()),
    "linker": ("newsnlp_linker", ("kb_extra",)),
}


def load(name: str | Path | None = None, **overrides: Any) -> Language:
    """Return the newsnlp pipeline, a ``spacy.Language`` for "zh".

    name: None for the default pipeline, or the path of a pipeline saved with
        ``nlp.to_disk`` (loaded with ``spacy.load``).
    overrides: tokenizer settings (``segmenter="jieba"|"pkuseg"``,
        ``dictionary="newsnlp"|"stock"``, ``hmm``), ``user_words`` (a list of
        words the tokenizer keeps whole), ``kb_extra`` (the user's own KB
        files, JSONL or TSV, added to the shipped KB), ``disable`` (pipe names
        to leave out) and component settings named ``<pipe>_<setting>``.
    """
    disable = tuple(overrides.pop("disable", ()))
    user_words = overrides.pop("user_words", ())
    if name is not None:
        if overrides:
            raise ConfigError(
                f"Settings {sorted(overrides)} cannot be applied to the saved pipeline {name}; "
                "load it and change its components, or build the default pipeline with load()."
            )
        nlp = spacy.load(name, exclude=list(disable))
    else:
        nlp = _build_default(overrides, disable)
    if user_words:
        nlp.tokenizer.add_words(user_words)
    return nlp


def _build_default(overrides: dict[str, Any], disable: tuple[str, ...]) -> Language:
    tokenizer_cfg: dict[str, Any] = {"@tokenizers": "newsnlp.ChineseTokenizer.v1"}
    for key in TOKENIZER_OPTIONS:
        if key in overrides:
            tokenizer_cfg[key] = overrides.pop(key)
    try:
        Segmenter(tokenizer_cfg.get("segmenter", Segmenter.jieba))
        Dictionary(tokenizer_cfg.get("dictionary", Dictionary.newsnlp))
    except ValueError as err:
        raise ConfigError(
            f"{err}. Use segmenter='jieba' or 'pkuseg' and dictionary='newsnlp' or 'stock'."
        ) from None
    nlp = spacy.blank(
        "zh",
        config={"nlp": {"tokenizer": tokenizer_cfg}, "initialize": {"tokenizer": {}}},
    )
    shared = {key: overrides.pop(key) for _, keys in DEFAULT_PIPES.values() for key in keys
              if key in overrides}
    for pipe, (factory, keys) in DEFAULT_PIPES.items():
        if pipe in disable:
            continue
        prefix = f"{pipe}_"
        config = {key: shared[key] for key in keys if key in shared}
        config.update({k[len(prefix):]: overrides.pop(k) for k in list(overrides) if k.startswith(prefix)})
        nlp.add_pipe(factory, name=pipe, config=config)
    if overrides:
        raise ConfigError(
            f"Unknown settings {sorted(overrides)}. Tokenizer settings are {TOKENIZER_OPTIONS}; "
            f"component settings are '<pipe>_<setting>' for pipes {list(DEFAULT_PIPES)}; "
            "the others are user_words, kb_extra and disable."
        )
    return nlp
