"""Train the character CRF behind ``newsnlp_ner`` (PERSON / PLACE / ORG).

    python models/ner/train.py [--data DATA] [--out models/ner] [--corpora msra]

Writes ``ner.crfsuite`` (the CRF), ``lexicon.tsv`` (the dictionary features'
entries) and ``meta.json`` (data, settings, dev scores, time) into ``--out``.
The lexicon has two parts: jieba's bundled dictionary, ``surnames.txt`` and
suffix lists (external), and the entity strings of the training data (kinds
``eper``, ``eloc``, ``eorg``). The entity part is jackknifed: the training
pieces are split into ``entity_folds`` folds and each fold is featurised with
the entities of the other folds only, so the model sees the entity features as
often wrong and unknown names as often missing, as on new text. The shipped
lexicon holds the entities of all training pieces. Settings are read from
``config.json`` beside this file; training is deterministic for a given data
set and config (L-BFGS has no random state; folds are contiguous runs of pieces).
"""
from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite

from newsnlp.components.ner import LEXICON_FILE, META_FILE, MODEL_FILE, CrfTagger
from newsnlp.evaluate.bio import LABEL_MAP, TaggedSentence, evaluate_bio, read_tagged
from newsnlp.features import Lexicon, featurize, normalise

logger = logging.getLogger("train_ner")

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1].parent / "shared" / "data"

# jieba POS tags -> lexicon kinds (nr person, nrt/nrfg transliterated or
# foreign person names, ns place, nt organisation, nz other proper noun).
JIEBA_KINDS = {"nr": "per", "nrt": "per", "nrfg": "per", "ns": "loc", "nt": "org", "nz": "nz"}

# Name-final words that mark a place or an organisation, general for news text.
PLACE_SUFFIXES = (
    "省 市 县 区 州 镇 乡 村 岛 河 江 湖 山 峰 海 港 湾 洲 郡 城 "
    "地区 自治区 特区 共和国 王国 联邦 半岛 海峡 平原 高原 盆地 沙漠 群岛 大街 广场 机场 口岸"
).split()
ORG_SUFFIXES = (
    "部 局 社 会 院 委 署 厅 处 所 党 厂 台 报 行 "
    "公司 集团 大学 学院 中学 小学 银行 协会 委员会 组织 联盟 基金会 研究所 研究院 医院 电视台 "
    "通讯社 法院 检察院 政府 议会 交易所 俱乐部 中心 办公室 办事处 联合会 理事会 总署 集团公司"
).split()

# Training sets and how to read them (path relative to --data, reader).
CORPORA = {
    "msra": ("msra_ner/train.bio", "bio"),
    "weibo": ("weibo_ner/train.bio", "bio"),
    "resume": ("resume_ner/train.bmes", "bio"),
    "cluener": ("cluener/train.json", "cluener"),
}


def build_lexicon(surnames_path: Path) -> Lexicon:
    import jieba

    lexicon = Lexicon()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    with dict_path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 3:
                continue
            word, tag = parts[0], parts[2]
            lexicon.add(word, "word")
            kind = JIEBA_KINDS.get(tag)
            if kind:
                lexicon.add(word, kind)
    for word in PLACE_SUFFIXES:
        lexicon.add(word, "sfxloc")
    for word in ORG_SUFFIXES:
        lexicon.add(word, "sfxorg")
    names = [
        line.strip() for line in surnames_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    lexicon.surnames = frozenset(names)
    return lexicon


ENTITY_KIND = {"PERSON": "eper", "PLACE": "eloc", "ORG": "eorg"}


def entity_entries(sentences: list[TaggedSentence], min_len: int = 1) -> set[tuple[str, str]]:
    """(normalised string, entity kind) of every gold mention at least ``min_len`` characters long."""
    entries = set()
    for sentence in sentences:
        text = normalise(sentence.text)
        for start, end, label in sentence.spans:
            kind = ENTITY_KIND.get(label)
            if kind and end - start >= min_len:
                entries.add((text[start:end], kind))
    return entries


def with_entities(base: Lexicon, entries: set[tuple[str, str]]) -> Lexicon:
    lexicon = base.copy()
    for word, kind in entries:
        lexicon.add(word, kind)
    return lexicon


def read_cluener(path: Path) -> Iterator[TaggedSentence]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = []
            for label, mentions in record.get("label", {}).items():
                ours = LABEL_MAP.get(label)
                if ours is None:
                    continue
                for offsets in mentions.values():
                    spans.extend((start, end + 1, ours) for start, end in offsets)  # inclusive end
            yield TaggedSentence(record["text"], sorted(spans))


def read_corpus(data: Path, name: str) -> list[TaggedSentence]:
    rel, kind = CORPORA[name]
    path = data / rel
    sentences = list(read_cluener(path) if kind == "cluener" else read_tagged(path))
    logger.info("%s: %d sentences from %s", name, len(sentences), path)
    return sentences


def bio_tags(sentence: TaggedSentence) -> list[str]:
    tags = ["O"] * len(sentence.text)
    for start, end, label in sentence.spans:
        if any(t != "O" for t in tags[start:end]):
            continue  # overlapping gold (CLUENER nests a few); keep the first
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=HERE, help="where the model files go")
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--corpora", default=None, help="comma-separated training sets (default: config)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N sentences of each set")
    parser.add_argument("--max-iterations", type=int, default=None)
    parser.add_argument("--c1", type=float, default=None)
    parser.add_argument("--c2", type=float, default=None)
    parser.add_argument("--entity-folds", type=int, default=None,
                        help="jackknife folds of the training-entity lexicon (0: no entity lexicon)")
    parser.add_argument("--entity-min-len", type=int, default=None,
                        help="shortest training entity put in the lexicon")
    parser.add_argument("--verbose", action="store_true", help="print crfsuite's progress per iteration")
    parser.add_argument("--extra-dev", action="append", default=[], help="more char-tagged dev files to score")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    config = json.loads(args.config.read_text(encoding="utf-8"))
    for key in ("max_iterations", "c1", "c2", "entity_folds", "entity_min_len"):
        if getattr(args, key) is not None:
            config[key] = getattr(args, key)
    corpora = (args.corpora or ",".join(config["corpora"])).split(",")
    config["corpora"] = corpora
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    base = build_lexicon(HERE / "surnames.txt")
    sentences = []
    for name in corpora:
        corpus = read_corpus(args.data, name)
        sentences.extend(corpus[: args.limit] if args.limit else corpus)
    folds = int(config.get("entity_folds", 0))
    min_len = int(config.get("entity_min_len", 1))
    lexicon = with_entities(base, entity_entries(sentences, min_len)) if folds else base
    lexicon.to_file(args.out / LEXICON_FILE)
    logger.info("lexicon: %d entries (%d external), %d surnames", len(lexicon), len(base), len(lexicon.surnames))

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=args.verbose)
    trainer.set_params({
        "c1": config["c1"], "c2": config["c2"], "max_iterations": config["max_iterations"],
        "feature.minfreq": config["minfreq"], "feature.possible_transitions": True,
    })
    n_sentences = n_chars = 0
    for fold in range(max(folds, 1)):
        if folds:
            # Contiguous folds: neighbouring pieces come from the same article and share
            # its names, so interleaved folds would leak them (75% of a fold's mentions
            # seen elsewhere against about 50% of dev's; contiguous folds give 50%).
            lo, hi = fold * len(sentences) // folds, (fold + 1) * len(sentences) // folds
            held_out = sentences[lo:hi]
            others = sentences[:lo] + sentences[hi:]
            fold_lexicon = with_entities(base, entity_entries(others, min_len))
        else:
            held_out, fold_lexicon = sentences, base
        for sentence in held_out:
            trainer.append(featurize(sentence.text, fold_lexicon), bio_tags(sentence))
            n_sentences += 1
            n_chars += len(sentence.text)
    feat_seconds = time.perf_counter() - started
    logger.info("features of %d sentences, %d chars in %.0f s; training", n_sentences, n_chars, feat_seconds)

    model_path = args.out / MODEL_FILE
    trainer.train(str(model_path))
    train_seconds = time.perf_counter() - started
    last = trainer.logparser.last_iteration or {}
    logger.info("trained in %.0f s, %s iterations, loss %s", train_seconds, last.get("num"), last.get("loss"))

    meta = {
        "model": "linear-chain CRF (python-crfsuite, L-BFGS) over characters, BIO tags",
        "labels": ["PERSON", "PLACE", "ORG"],
        "config": config,
        "training": {"sentences": n_sentences, "chars": n_chars, "seconds": round(train_seconds),
                     "iterations": last.get("num"), "peak_rss_mb": _peak_rss_mb()},
        "lexicon": {"entries": len(lexicon), "external_entries": len(base), "surnames": len(lexicon.surnames),
                    "source": "jieba dict.txt (nr/nrt/nrfg, ns, nt, nz, all words) + surnames.txt + suffix lists"
                              + (f" + training entities (eper/eloc/eorg, {folds}-fold jackknifed in training)"
                                 if folds else "")},
    }
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    tagger = CrfTagger(args.out)
    scores = {}
    for dev in [args.data / "msra_ner" / "dev.bio", *map(Path, args.extra_dev)]:
        result = evaluate_bio(dev, lambda text: [s[:3] for s in tagger.tag(text, with_scores=False)])
        scores[dev.name if dev.parent.name == "msra_ner" else f"{dev.parent.name}/{dev.name}"] = {
            "micro": _rounded(result["micro"]),
            "labels": {k: _rounded(v) for k, v in result["labels"].items()},
            "chars_per_s": round(result["chars_per_s"]),
        }
        logger.info("%s: micro F1 %.4f", dev, result["micro"]["f"])
    meta["dev"] = {"msra_ner/" + k if "/" not in k else k: v for k, v in scores.items()}
    meta["size_bytes"] = {name: (args.out / name).stat().st_size for name in (MODEL_FILE, LEXICON_FILE)}
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["dev"], indent=2))
    return 0


def _rounded(s: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()}


def _peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    sys.exit(main())
