"""Every spaCy registration of newsnlp, in one place.

Published as ``spacy_factories`` / ``spacy_tokenizers`` entry points in
pyproject.toml, so ``spacy.load("a/saved/pipeline")`` finds them without an
import of newsnlp.
"""
from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language

from .components.gazetteer import Gazetteer
from .components.linker import AliasLinker
from .components.ner import CharNER
from .components.resolver import SpanResolver
from .components.rules import Rules
from .components.sentences import ChineseSentencizer
from .extensions import install_extensions
from .tokenizer import ChineseTokenizer, Dictionary, Segmenter

install_extensions()


@spacy.registry.tokenizers("newsnlp.ChineseTokenizer.v1")
def create_tokenizer(
    segmenter: Segmenter = Segmenter.jieba,
    dictionary: Dictionary = Dictionary.newsnlp,
    hmm: bool | None = None,
) -> Callable[[Language], ChineseTokenizer]:
    def tokenizer_factory(nlp: Language) -> ChineseTokenizer:
        return ChineseTokenizer(nlp.vocab, segmenter=segmenter, dictionary=dictionary, hmm=hmm)

    return tokenizer_factory


@Language.factory(
    "newsnlp_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
)
def make_sentencizer(nlp: Language, name: str) -> ChineseSentencizer:
    return ChineseSentencizer(nlp, name)


@Language.factory(
    "newsnlp_resolver",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "span._.attrs"],
)
def make_resolver(nlp: Language, name: str) -> SpanResolver:
    return SpanResolver(nlp, name)


@Language.factory(
    "newsnlp_ner",
    assigns=["doc._.newsnlp_matches"],
    default_config={"model_path": None, "min_score": 0.0},
)
def make_ner(nlp: Language, name: str, model_path: str | None, min_score: float) -> CharNER:
    return CharNER(nlp, name, model_path=model_path, min_score=min_score)


@Language.factory(
    "newsnlp_rules",
    assigns=["doc._.newsnlp_matches"],
    default_config={"units": True, "numbers": True, "dates": True, "kb_extra": []},
)
def make_rules(nlp: Language, name: str, units: bool, numbers: bool, dates: bool, kb_extra: list[str]) -> Rules:
    return Rules(name, units=units, numbers=numbers, dates=dates, kb_extra=kb_extra)


@Language.factory(
    "newsnlp_gazetteer",
    assigns=["doc._.newsnlp_matches"],
    default_config={"kb_extra": [], "short_forms": True},
)
def make_gazetteer(nlp: Language, name: str, kb_extra: list[str], short_forms: bool) -> Gazetteer:
    return Gazetteer(nlp, name, kb_extra=kb_extra, short_forms=short_forms)


@Language.factory(
    "newsnlp_linker",
    assigns=["doc.ents", "token.ent_kb_id"],
    requires=["doc.ents"],
    default_config={"kb_extra": [], "fuzzy_threshold": 0.8},
)
def make_linker(nlp: Language, name: str, kb_extra: list[str], fuzzy_threshold: float) -> AliasLinker:
    return AliasLinker(nlp, name, kb_extra=kb_extra, fuzzy_threshold=fuzzy_threshold)
