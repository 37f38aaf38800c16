from __future__ import annotations

import itertools
import json
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
import spacy

from newsnlp.components.ner import CharNER
from newsnlp.errors import ConfigError, ModelNotFoundError
from newsnlp.evaluate.bio import evaluate_bio, read_tagged
from newsnlp.extensions import get_matches
from newsnlp.features import Lexicon, cue_matrix, lexicon_features, normalise
from newsnlp.network import CUES, GRAPH, TAGS, CnnCrf, read_network
from newsnlp.tagger import (
    LEXICON_FILE,
    META_FILE,
    MODEL_FILE,
    NerTagger,
    default_model_dir,
    read_at,
    reading_positions,
    _without_symbols,
    split_chunks,
)

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "data" / "msra_ner" / "dev.bio"


def _ner_script(name: str):  # noqa: ANN202 - a module loaded from models/ner
    """``models/ner/<name>.py`` as a module (the training scripts are not importable by name)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"ner_{name}", REPO / "models" / "ner" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAMPLE = ["张伟在北京说", "新华社报道今天天气很好", "李娜在上海说人民日报报道", "王芳在广州天津"]


def write_random_model(out: Path, seed: int = 0) -> Path:
    """A model folder with an untrained network (fixed seed): for plumbing, not for accuracy."""
    rng = np.random.default_rng(seed)
    chars = sorted(set("张伟李娜王芳在北京上海广州天津说新华社人民日报报道今天气很好"))
    bigrams = sorted({a + b for a in chars[:6] for b in chars[:6]})
    dim, width, k = 12, 10, len(TAGS)
    dilations = [1, 2]
    weights = {
        "char_emb": rng.normal(0, 1, (len(chars) + 2, 2 * dim)), "bigram_emb": rng.normal(0, 1, (len(bigrams) + 2, dim)),
        "out_w": rng.normal(0, 2, (width, k)), "out_b": rng.normal(0, 1, k),
        "transitions": rng.normal(0, 1, (k, k)), "start": rng.normal(0, 1, k), "end": rng.normal(0, 1, k),
        "conv0_w": rng.normal(0, 0.3, (3, 4 * dim + len(CUES), width)), "conv0_b": rng.normal(0, 0.3, width),
        "conv1_w": rng.normal(0, 0.3, (3, width, width)), "conv1_b": rng.normal(0, 0.3, width),
    }
    weights["char_emb"][0] = weights["bigram_emb"][0] = 0.0  # padding rows, as in training
    lexicon = Lexicon()
    for word, kind in (("北京", "loc"), ("上海", "loc"), ("张伟", "per"), ("新华社", "org")):
        lexicon.add(word, kind)
    lexicon.add("市", "sfxloc")
    lexicon.surnames = frozenset({"张", "李", "王"})
    CnnCrf.save(out / MODEL_FILE, weights, dilations, chars, bigrams, sample=SAMPLE, lexicon=lexicon)
    lexicon.to_file(out / LEXICON_FILE)
    (out / META_FILE).write_text('{"labels": ["PERSON", "PLACE", "ORG"]}', encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return write_random_model(tmp_path_factory.mktemp("ner"))


@pytest.fixture()
def nlp():
    return spacy.blank("zh")


def test_normalise_keeps_length_and_maps_full_width_and_traditional():
    text = "澤倫斯基於２０２４年訪問ＵＳＡ"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "泽伦斯基于2024年访问USA"


def test_lexicon_features_give_one_row_per_character_with_lexicon_cues():
    lexicon = Lexicon()
    lexicon.add("北京", "loc")
    lexicon.add("北京", "word")
    lexicon.surnames = frozenset({"张"})
    rows = lexicon_features("张三去北京", lexicon)
    assert len(rows) == 5
    assert "sur" in rows[0]
    assert "locB" in rows[3] and "locE" in rows[4]
    assert "wb=2" in rows[3] and "we=2" in rows[4]
    assert set().union(*rows) <= set(CUES)  # every cue has an input column


def test_lexicon_features_mark_training_entity_entries_including_single_characters():
    lexicon = Lexicon()
    lexicon.add("长虹", "eorg")
    lexicon.add("鲁", "eloc")
    lexicon.add("鲁", "sfxloc")
    lexicon.add("中华人民共和国外交部", "eorg")  # ten characters: still looked up
    rows = lexicon_features("鲁长虹说", lexicon)
    assert "elocS" in rows[0] and "sfxloc" in rows[0]
    assert "eorgB" in rows[1] and "eorgE" in rows[2]
    assert not [f for f in rows[3] if f.startswith(("eper", "eloc", "eorg"))]
    rows = lexicon_features("中华人民共和国外交部", lexicon)
    assert "eorgB" in rows[0] and "eorgM" in rows[5] and "eorgE" in rows[9]


def test_lexicon_survives_a_file_round_trip(tmp_path):
    lexicon = Lexicon()
    lexicon.add("北京", "loc")
    lexicon.add("北京", "word")
    lexicon.add("北京", "eloc")
    lexicon.add("鲁", "eloc")
    lexicon.add("省", "sfxloc")
    lexicon.surnames = frozenset({"欧阳", "王"})
    lexicon.add("北京市", "loc")
    lexicon.add("北京市人民政府", "org")
    lexicon.to_file(tmp_path / "lex.tsv")
    loaded = Lexicon.from_file(tmp_path / "lex.tsv")
    assert loaded.words == lexicon.words and loaded.surnames == lexicon.surnames
    # The prefix index comes from the file, not rebuilt, and is the one the entries give.
    assert loaded._index is not None and loaded.index == Lexicon(lexicon.words).index
    assert loaded.index["北京市人民"] == 0 and loaded.index["北京"] == lexicon.words["北京"]
    assert pickle.loads(pickle.dumps(loaded)) == lexicon


def test_lexicon_rejects_a_file_in_another_format():
    with pytest.raises(ValueError, match="not a newsnlp lexicon"):
        Lexicon.from_text("北京\tloc\n")
    with pytest.raises(ValueError, match="Unknown lexicon kinds"):
        Lexicon.from_text("\tloc,city\n北京\n")
    with pytest.raises(ValueError, match="tabs or newlines"):
        Lexicon().add("北京\t市", "loc")


def test_split_chunks_cover_the_text_at_sentence_ends_and_cap_length():
    text = "第一句。第二句！" + "长" * 25 + "，" + "长" * 20 + "\n末尾"
    chunks = split_chunks(text, max_chunk=30)
    assert "".join(text[s:e] for s, e in chunks) == text
    assert all(e - s <= 30 for s, e in chunks)
    assert text[chunks[0][0]:chunks[0][1]] == "第一句。"
    assert any(text[e - 1] == "，" for _, e in chunks)


def test_component_adds_model_matches_and_leaves_ents_alone(nlp):
    ner = CharNER(nlp, "ner")
    doc = ner(nlp("张伟昨天在北京说。新华社报道了这个消息。"))
    assert list(doc.ents) == []
    matches = get_matches(doc)
    found = {(doc.text[m.start:m.end], m.label) for m in matches}
    assert ("张伟", "PERSON") in found and ("北京", "PLACE") in found and ("新华社", "ORG") in found
    for m in matches:
        assert m.source == "model" and m.priority == 0 and 0.0 < m.score <= 1.0


def test_further_occurrences_of_a_confident_name_are_proposed_where_words_allow(nlp):
    from spacy.tokens import Doc

    from newsnlp.components.ner import REPEAT_SCORE, _repeats
    words = ["李明", "说", "。", "李明", "表示", "，", "李", "明天", "走", "。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    # The network found the first 李明 only; the second is a word of its own, 李明天 is 李 + 明天.
    assert _repeats(doc, [(0, 2, "PERSON", 0.99)]) == [(4, 6, "PERSON", REPEAT_SCORE)]
    assert _repeats(doc, [(0, 2, "PERSON", 0.6)]) == []  # not sure enough to repeat


def test_component_offsets_point_into_the_original_traditional_text(nlp):
    ner = CharNER(nlp, "ner")
    text = "張偉昨天在北京說"
    doc = ner(nlp(text))
    spans = {(m.start, m.end, m.label) for m in get_matches(doc)}
    assert (0, 2, "PERSON") in spans
    assert doc.text == text


def test_min_score_one_drops_uncertain_mentions(nlp, tiny_model):
    ner = CharNER(nlp, "ner", model_path=str(tiny_model), min_score=1.0)
    doc = ner(nlp("赵六在西安说"))
    assert all(m.score >= 1.0 for m in get_matches(doc))


def test_min_score_outside_unit_interval_is_a_config_error(nlp, tiny_model):
    with pytest.raises(ConfigError, match="min_score"):
        CharNER(nlp, "ner", model_path=str(tiny_model), min_score=2.0)


def test_missing_model_says_how_to_rebuild_it(nlp, tmp_path):
    with pytest.raises(ModelNotFoundError, match="train.py"):
        CharNER(nlp, "ner", model_path=str(tmp_path))


def _spans(ner: CharNER, nlp, text: str) -> list[tuple[int, int, str, float]]:
    return [(m.start, m.end, m.label, m.score) for m in get_matches(ner(nlp(text)))]


def test_component_round_trips_through_disk_bytes_and_pickle(nlp, tiny_model, tmp_path):
    text = "李娜在上海说。人民日报报道"
    ner = CharNER(nlp, "ner", model_path=str(tiny_model), min_score=0.1)
    expected = _spans(ner, nlp, text)
    assert expected  # the seeded random network tags something here

    ner.to_disk(tmp_path / "saved")
    from_disk = CharNER(nlp, "ner", model_path=str(tiny_model)).from_disk(tmp_path / "saved")
    assert from_disk.min_score == 0.1
    assert _spans(from_disk, nlp, text) == expected

    from_bytes = CharNER(nlp, "ner", model_path=str(tiny_model)).from_bytes(ner.to_bytes())
    assert _spans(from_bytes, nlp, text) == expected
    # A component restored from bytes has no folder behind it and still saves.
    from_bytes.to_disk(tmp_path / "again")
    assert (tmp_path / "again" / MODEL_FILE).read_bytes() == (tiny_model / MODEL_FILE).read_bytes()

    unpickled = pickle.loads(pickle.dumps(ner))
    assert _spans(unpickled, nlp, text) == expected
    assert pickle.loads(pickle.dumps(from_bytes)).model.to_files()[MODEL_FILE]


def test_pipeline_with_the_factory_saves_and_loads(tiny_model, tmp_path):
    import newsnlp.factories  # noqa: F401  (registers newsnlp_ner)

    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp_ner", config={"model_path": str(tiny_model)})
    text = "王芳在广州说"
    expected = get_matches(nlp(text))
    nlp.to_disk(tmp_path / "pipe")
    reloaded = spacy.load(tmp_path / "pipe")
    assert get_matches(reloaded(text)) == expected


shipped = pytest.mark.skipif(
    not (default_model_dir() / MODEL_FILE).is_file(), reason="the NER model is not built"
)


@shipped
def test_shipped_model_scores_well_on_a_dev_slice():
    if not DEV.is_file():
        pytest.skip("the shared MSRA dev file is not beside this checkout")
    tagger = NerTagger.load()
    result = evaluate_bio(DEV, lambda t: [s[:3] for s in tagger.tag(t, with_scores=False)], limit=200)
    # Measured 0.934 micro F1 on these 200 sentences with the shipped network; the floor catches breakage.
    assert result["micro"]["f"] >= 0.85


@shipped
def test_shipped_model_reads_traditional_script_and_full_width_digits():
    tagger = NerTagger.load()
    simplified = {(s, e, label) for s, e, label, _ in tagger.tag("泽伦斯基周二在基辅会见了美国国务卿。")}
    traditional = {(s, e, label) for s, e, label, _ in tagger.tag("澤倫斯基週二在基輔會見了美國國務卿。")}
    assert (0, 4, "PERSON") in simplified
    assert simplified == traditional


def _path_score(model: CnnCrf, scores: np.ndarray, path: tuple[int, ...]) -> float:
    total = model.start[path[0]] + scores[0, path[0]] + model.end[path[-1]]
    return float(total + sum(model.transitions[a, b] + scores[t, b] for t, (a, b) in enumerate(zip(path, path[1:]), 1)))


def test_viterbi_and_marginals_agree_with_brute_force_over_all_tag_sequences(tiny_model):
    model = NerTagger(tiny_model).network
    rng = np.random.default_rng(3)
    lengths = np.array([4, 1, 3])
    scores = rng.normal(0, 2, (3, 4, len(TAGS))).astype(np.float32)
    paths = model.viterbi(scores, lengths)
    probs = model.marginals(scores, lengths)
    for b, n in enumerate(lengths):
        every = list(itertools.product(range(len(TAGS)), repeat=int(n)))
        totals = np.array([_path_score(model, scores[b], p) for p in every], dtype=np.float64)
        assert tuple(paths[b]) == every[int(totals.argmax())]
        weights = np.exp(totals - totals.max())
        weights /= weights.sum()
        expected = np.zeros((n, len(TAGS)))
        for w, path in zip(weights, every):
            expected[np.arange(n), list(path)] += w
        np.testing.assert_allclose(probs[b, :n], expected, atol=1e-5)
        assert not probs[b, n:].any()


def test_decoded_tags_are_valid_bio():
    tagger = NerTagger.load() if (default_model_dir() / MODEL_FILE).is_file() else None
    if tagger is None:
        pytest.skip("the NER model is not built")
    texts = ["中国人民银行北京分行行长张三说", "他从俄罗斯库尔斯克州返回", "联合国安理会"]
    paths, _ = tagger.network.tag([normalise(t) for t in texts], tagger.lexicon)
    for path in paths:
        tags = [TAGS[t] for t in path]
        for prev, tag in zip(["O", *tags], tags):
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:]


def test_a_sentence_tags_the_same_alone_and_in_a_padded_batch(tiny_model):
    model = NerTagger(tiny_model).network
    lexicon = Lexicon.from_file(tiny_model / LEXICON_FILE)
    texts = ["张伟在北京说", "新华社报道今天天气很好李娜在上海说", "说"]
    together, _ = model.emissions(model.pack(texts, lexicon))
    for row, text in enumerate(texts):
        alone, _ = model.emissions(model.pack([text], lexicon))
        np.testing.assert_allclose(together[row, : len(text)], alone[0], rtol=1e-5, atol=1e-5)


def test_vocabulary_ids_are_a_dictionarys_for_every_character_and_pair_of_a_text():
    from newsnlp.features import join_texts
    from newsnlp.network import UNK, Vocabulary, input_ids

    chars, bigrams = list("北京新华社😀"), ["北京", "京新", "新华", "\x02北", "社\x03", "😀北"]
    texts = ["北京新华社", "😀北京", "无\ud800字", "社"]
    joined = join_texts(texts)
    char_ids, left, right = input_ids(joined, Vocabulary(chars), Vocabulary(bigrams))
    by_char = {ch: i for i, ch in enumerate(chars, start=2)}
    by_pair = {gram: i for i, gram in enumerate(bigrams, start=2)}
    text = joined.text
    assert char_ids.tolist() == [by_char.get(text[i], UNK) for i in joined.chars]
    assert left.tolist() == [by_pair.get(text[i - 1 : i + 1], UNK) for i in joined.chars]
    assert right.tolist() == [by_pair.get(text[i : i + 2], UNK) for i in joined.chars]
    assert Vocabulary([]).ids(np.array([5, 6])).tolist() == [UNK, UNK]


def test_code_tables_find_what_the_lexicon_index_holds_and_follow_its_changes():
    from newsnlp.features import char_codes, codes_at

    lexicon = Lexicon()
    for word, kind in [("北京", "loc"), ("北京市", "loc"), ("😀北", "org"), ("中华人民共和国", "loc")]:
        lexicon.add(word, kind)
    text = "北京市😀北中华"
    codes = char_codes(text)
    starts = np.arange(len(text) - 2)
    for size in (2, 3):
        found = lexicon.table(size).get(codes_at(codes, starts, size), -1)
        assert found.tolist() == [lexicon.index.get(text[i : i + size], -1) for i in starts]
    lexicon.add("市😀", "org")  # a change clears the tables
    assert lexicon.table(2).get(codes_at(codes, np.array([2]), 2), -1).tolist() == [lexicon.index["市😀"]]


def test_a_batch_gets_the_same_8bit_scores_as_each_of_its_sentences_alone(tiny_model):
    model = NerTagger(tiny_model).network
    assert model.session is not None
    lexicon = Lexicon.from_file(tiny_model / LEXICON_FILE)
    texts = ["张伟在北京说", "新华社报道今天天气很好李娜在上海说王芳在广州天津说", "说", "北京"]
    together, _ = model.emissions(model.pack(texts, lexicon))
    for row, text in enumerate(texts):
        alone, _ = model.emissions(model.pack([text], lexicon))
        # Fixed input ranges and exact integer products: not close, equal.
        assert np.array_equal(together[row, : len(text)], alone[0])


def test_the_8bit_graph_scores_as_the_float_network_does(tiny_model):
    model = NerTagger(tiny_model).network
    lexicon = Lexicon.from_file(tiny_model / LEXICON_FILE)
    texts = ["张伟在北京说", "新华社报道今天天气很好李娜在上海说", "说", "王芳在广州天津说"]
    packed = model.pack(texts, lexicon)
    graph, lengths = model.emissions(packed)
    session, model.session = model.session, None
    try:
        float_scores, _ = model.emissions(packed)
    finally:
        model.session = session
    for row, n in enumerate(lengths):
        error = np.abs(graph[row, :n] - float_scores[row, :n]).max()
        assert error <= 0.03 * np.abs(float_scores[row, :n]).max()


def test_a_network_saved_without_its_graph_runs_the_float_network(tiny_model, tmp_path):
    arrays, _ = read_network(tiny_model / MODEL_FILE)
    np.savez(tmp_path / MODEL_FILE, **arrays)
    model = CnnCrf.from_file(tmp_path / MODEL_FILE)
    assert model.session is None
    lexicon = Lexicon.from_file(tiny_model / LEXICON_FILE)
    scores, lengths = model.emissions(model.pack(["张伟在北京说"], lexicon))
    assert scores.shape == (1, 6, len(TAGS)) and np.isfinite(scores).all()


def test_graph_script_writes_the_graph_into_a_network_saved_without_it(tiny_model, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    arrays, _ = read_network(folder / MODEL_FILE)
    np.savez(folder / MODEL_FILE, **arrays)
    data = tmp_path / "data"
    (data / "msra_ner").mkdir(parents=True)
    (data / "msra_ner" / "train.bio").write_text(
        "".join("".join(f"{ch}\tO\n" for ch in text) + "\n" for text in SAMPLE), encoding="utf-8")
    assert _ner_script("graph").main([str(folder), "--data", str(data)]) == 0
    with np.load(folder / MODEL_FILE) as npz:
        assert GRAPH in npz.files
        assert all(np.array_equal(npz[name], value) for name, value in arrays.items())  # the arrays as they were
    assert CnnCrf.from_file(folder / MODEL_FILE).session is not None


@shipped
def test_shipped_network_runs_its_8bit_graph_and_tags_almost_every_character_as_the_float_network():
    if not DEV.is_file():
        pytest.skip("the shared MSRA dev file is not beside this checkout")
    tagger = NerTagger.load()
    model = tagger.network
    assert model.session is not None
    texts = [normalise(s.text) for s in itertools.islice(read_tagged(DEV), 300)]
    graph_paths, _ = model.tag(texts, tagger.lexicon)
    session, model.session = model.session, None
    try:
        float_paths, _ = model.tag(texts, tagger.lexicon)
    finally:
        model.session = session
    same = sum(a == b for x, y in zip(graph_paths, float_paths) for a, b in zip(x, y))
    # Measured: 99.9% of characters tagged alike (models/README.md); the floor catches a broken graph.
    assert same >= 0.995 * sum(map(len, texts))


@pytest.mark.parametrize("fixed_dim", [0, 3])
def test_numpy_forward_pass_matches_the_torch_network_it_was_exported_from(tmp_path, fixed_dim):
    torch = pytest.importorskip("torch")
    train = _ner_script("train")
    config = {"char_dim": 6, "bigram_dim": 4, "width": 5, "dilations": [1, 2, 4], "dropout": 0.0}
    torch.manual_seed(0)
    fixed = None  # or a frozen second character table (fixed_char_vectors), stored as more columns
    if fixed_dim:
        fixed = np.random.default_rng(0).normal(0, 1, (12, fixed_dim)).astype(np.float16).astype(np.float32)
        fixed[0] = 0.0
    net = train.build_net(12, 10, config, fixed).eval()
    with torch.no_grad():
        net.char_emb.weight[0] = 0.0  # the padding rows stay zero in training
        net.bigram_emb.weight[0] = 0.0
    chars = list("张伟在北京说新华社报道")[:10]
    bigrams = ["张伟", "伟在", "在北", "北京", "京说", "新华", "华社", "社报"]
    weights = net.weights()
    for name in ("char_emb", "bigram_emb"):  # stored as float16: compare on the rounded values
        weights[name] = weights[name].astype(np.float16).astype(np.float32)
    lexicon = Lexicon()
    lexicon.add("北京", "loc")
    CnnCrf.save(tmp_path / MODEL_FILE, weights, config["dilations"], chars, bigrams, sample=SAMPLE, lexicon=lexicon)
    model = CnnCrf.from_file(tmp_path / MODEL_FILE)
    model.session = None  # the float network, which the training network's numbers must match
    texts = ["张伟在北京说", "新华社报道了", "说"]
    ours, lengths = model.emissions(model.pack(texts, lexicon))
    encoded = [model.encode(t, lexicon) for t in texts]  # the training script's input
    assert weights["char_emb"].shape == (12, 6 + fixed_dim)
    with torch.no_grad():
        net.char_emb.weight.copy_(torch.from_numpy(weights["char_emb"][:, :6]))
        net.bigram_emb.weight.copy_(torch.from_numpy(weights["bigram_emb"]))
        batch = [(*e, np.zeros(len(e[0]), np.int64)) for e in encoded]
        c, lb, rb, q, _, _, mask = train.collate(batch, 0.0, np.random.default_rng(0))
        theirs = net.emissions(c, lb, rb, q, mask).numpy()
    for row, n in enumerate(lengths):  # past a sentence's end only padding, which nothing reads
        np.testing.assert_allclose(ours[row, :n], theirs[row, :n], atol=1e-5)


def test_a_saved_network_loads_back_into_the_training_network(tmp_path):
    torch = pytest.importorskip("torch")
    train = _ner_script("train")
    config = {"char_dim": 6, "bigram_dim": 4, "width": 5, "dilations": [1, 2], "dropout": 0.0}
    torch.manual_seed(0)
    weights = train.build_net(12, 10, config).weights()
    CnnCrf.save(tmp_path / MODEL_FILE, weights, config["dilations"], list("张伟在北京说新华社报"), ["北京"] * 8,
                sample=SAMPLE, lexicon=Lexicon())
    torch.manual_seed(1)
    other = train.build_net(12, 10, config)
    with np.load(tmp_path / MODEL_FILE) as npz:
        other.load_weights({name: npz[name] for name in npz.files})
    for name, value in other.weights().items():  # embeddings went through float16 on disk
        np.testing.assert_allclose(value, weights[name], atol=1e-3 if name.endswith("_emb") else 0, err_msg=name)


def test_error_breakdown_accounts_for_every_gold_mention(tmp_path):
    errors = _ner_script("errors")

    def write(path: Path, sentences: list[list[tuple[str, str]]]) -> Path:
        path.write_text("\n\n".join("\n".join(f"{c}\t{t}" for c, t in s) for s in sentences) + "\n", encoding="utf-8")
        return path

    def tagged(text: str, spans: dict[int, tuple[int, str]]) -> list[tuple[str, str]]:
        tags = ["O"] * len(text)
        for start, (end, label) in spans.items():
            tags[start : end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        return list(zip(text, tags))

    train = write(tmp_path / "train.bio", [tagged("普京在莫斯科", {0: (2, "PER"), 3: (6, "LOC")})])
    # 普京 is seen in training, 泽连斯基 is not; 今天 is tagged as a place so the model misses it.
    gold = write(tmp_path / "gold.bio", [tagged("普京今天会见泽连斯基", {0: (2, "PER"), 2: (4, "LOC"), 6: (10, "PER")})])
    result = errors.breakdown(gold, train)
    assert result["mentions"]["seen"]["gold"] == 1 and result["mentions"]["unseen"]["gold"] == 2
    found = sum(round(m["recall"] * m["gold"]) for m in result["mentions"].values())
    assert found + sum(v for k, v in result["errors"].items() if k != "spurious") == 3
    assert result["errors"].get("missed", 0) >= 1  # 今天 is no name


def test_segmentation_pieces_carry_bmes_tags_cut_at_sentence_ends_and_skip_dev_overlap(tmp_path):
    train = _ner_script("train")
    from newsnlp.evaluate.bio import TaggedSentence

    long_line = " ".join(["中华人民共和国"] * 20)  # 140 characters, no sentence end
    dev_text = "这是一个只在开发集里出现的二十多个字的句子啊"
    dev_dated = "1998年1月20日开发集里还有一个带日期的句子"  # in the corpus with full-width digits
    corpus = tmp_path / "seg.txt"
    corpus.write_text(f"新华社 北京 １月 电 。 他 说\n{long_line}\n{' '.join(dev_text)}\n"
                      f"１９９８年 １月 ２０日 开发集 里 还有 一个 带 日期 的 句子\n", encoding="utf-8")
    overlaps_dev = train.dev_overlap([TaggedSentence(dev_text, []), TaggedSentence(dev_dated, [])])
    pieces = train.seg_pieces(corpus, overlaps_dev)
    texts = [text for text, _ in pieces]
    assert texts[:2] == ["新华社北京1月电。", "他说"]  # full-width digits normalised, as the model reads them
    B, M, E, S = range(4)
    assert pieces[0][1].tolist() == [B, M, E, B, E, B, E, S, S]
    assert all(len(text) <= train.SEG_PIECE for text in texts)
    assert "".join(texts[2:]) == long_line.replace(" ", "")  # cut at word edges, nothing lost
    assert not any(dev_text[:20] in text for text in texts)
    assert not any("开发集" in text for text in texts)


def test_ensemble_labels_of_one_model_twice_are_that_models_tags_and_sources_skip_dev(tmp_path):
    label = _ner_script("label")
    from newsnlp.evaluate.bio import TaggedSentence

    texts = ["张伟在北京说今天天气很好", "新华社报道", "李娜"]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = write_random_model(tmp_path / "a"), write_random_model(tmp_path / "b", seed=1)
    alone = NerTagger(first)
    expected, _ = alone.network.tag(texts, alone.lexicon)
    twice = list(label.label(texts, [NerTagger(first), NerTagger(first)]))
    assert twice == [[TAGS[t] for t in path] for path in expected]
    mixed = list(label.label(texts, [NerTagger(first), NerTagger(second)]))
    assert [len(tags) for tags in mixed] == [len(text) for text in texts]
    assert all(not tag.startswith("I-") for tags in mixed for tag in tags[:1])  # valid BIO from the CRF

    data = tmp_path / "data"
    dev_text = "这是一个只在开发集里出现的二十多个字的句子啊"
    for rel, _ in label.SOURCES:
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
    (data / label.SOURCES[0][0]).write_text(f"新华社 北京 １月 电 。 他 说\n{' '.join(dev_text)}\n", encoding="utf-8")
    (data / label.SOURCES[1][0]).write_text('{"text": "浙商银行行长说。", "label": {}}\n'
                                            '{"text": "NBA 球星 Kobe Bryant 说", "label": {}}\n', encoding="utf-8")
    (data / label.SOURCES[2][0]).write_text("\n", encoding="utf-8")
    pieces, dropped = label.pieces(data, _ner_script("train").dev_overlap([TaggedSentence(dev_text, [])]))
    # Pieces are what the tagger reads at run time: web-style spaces out, the one between Latin words kept.
    assert pieces == ["新华社北京1月电。", "他说", "浙商银行行长说。", "NBA球星Kobe Bryant说"] and dropped == 1


def test_mixed_batches_add_a_share_of_each_extra_task():
    import random

    train = _ner_script("train")
    ner = [["n1"], ["n2"], ["n3"]]
    assert train.mixed_batches(ner, [], 2) == [(group, "ner") for group in ner]
    extra = [(np.zeros(n), None) for n in range(1, 11)]  # items: (chars, ...), batched by length
    tasks = train.mixed_batches(ner, [(extra, 0.5, "pseudo", random.Random(0))], 2)
    assert sorted(group for group, task in tasks if task == "ner") == sorted(ner)
    chosen = [item for group, task in tasks if task == "pseudo" for item in group]
    assert len(chosen) == 5 and all(len(group) <= 2 for group, task in tasks if task == "pseudo")


def test_dictionary_cache_gives_the_same_cues_as_a_fresh_build(tmp_path):
    train = _ner_script("train")
    surnames = REPO / "models" / "ner" / "surnames.txt"
    built = train.base_lexicon(surnames, tmp_path)
    assert len(list(tmp_path.glob("lexicon-*.tsv"))) == 1
    cached = train.base_lexicon(surnames, tmp_path)
    text = normalise("乌克兰总统泽连斯基在基辅会见美国国务卿布林肯。")
    assert np.array_equal(cue_matrix(text, cached), cue_matrix(text, built))


def test_spaces_around_digits_and_latin_are_not_read_and_offsets_map_back(tiny_model):
    tagger = NerTagger(tiny_model)
    plain, spaced = "张伟2024年在北京说新华社", "  张伟 2024 年在北京说 新华社 \n"
    where = [i for i, ch in enumerate(spaced) if ch not in " \n"]  # plain's characters in spaced
    expected = [(where[s], where[e - 1] + 1, label) for s, e, label, _ in tagger.tag(plain)]
    assert [span[:3] for span in tagger.tag(spaced)] == expected
    web = "ab 2024 年 c d"
    assert read_at(web, reading_positions(web, 0, len(web))) == "ab 2024年c d"
    assert reading_positions("北京", 0, 2) == range(0, 2)


def _paddle_tensor(matrix: np.ndarray) -> bytes:
    """``matrix`` as PaddlePaddle saves a float32 tensor: LoD header, TensorDesc protobuf, data."""
    def varint(value: int) -> bytes:
        out = bytearray()
        while value >= 0x80:
            out.append(value & 0x7F | 0x80)
            value >>= 7
        return bytes(out + bytes([value]))

    desc = b"\x08" + varint(5) + b"".join(b"\x10" + varint(d) for d in matrix.shape)
    header = (0).to_bytes(4, "little") + (0).to_bytes(8, "little") + (0).to_bytes(4, "little")
    return header + len(desc).to_bytes(4, "little") + desc + matrix.astype("<f4").tobytes()


def test_character_vectors_are_read_from_the_lac_source_distribution(tmp_path):
    import io
    import tarfile

    vectors = _ner_script("char_vectors")
    matrix = np.arange(5 * 300, dtype=np.float32).reshape(5, 300) / 7  # 300: a two-byte varint
    vocabulary = "0\t \n1\t京\n2\t北京\n3\t社\n4\tOOV\n"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in ((vectors.EMBEDDING, _paddle_tensor(matrix)), (vectors.VOCABULARY, vocabulary.encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    chars, rows = vectors.character_vectors(buffer.getvalue())
    assert chars == ["京", "社"]  # single characters only, whitespace left out
    np.testing.assert_array_equal(rows, matrix[[1, 3]])

    path = tmp_path / "chars.txt"
    path.write_text("2 3\n京 1 2 3\n社 -1 0 4\n", encoding="utf-8")
    start, found = _ner_script("train").external_rows(path, ["京", "新", "社"], 3, seed=0)
    assert found == 2 and start.shape == (5, 3) and not start[0].any()  # padding row stays zero
    expected = np.array([[1, 2, 3], [-1, 0, 4]], dtype=np.float32)
    np.testing.assert_allclose(start[[2, 4]], expected / expected.std(), rtol=1e-6)
    with pytest.raises(SystemExit, match="char_dim"):
        _ner_script("train").external_rows(path, ["京"], 100, seed=0)


def test_averaging_a_network_with_itself_keeps_its_weights_and_refuses_other_vocabularies(tmp_path):
    average = _ner_script("average")
    shipped = default_model_dir()
    weights, vocab = average.average([shipped, shipped])
    with np.load(shipped / "ner.npz") as npz:
        for name, array in weights.items():
            assert np.array_equal(array, npz[name].astype(np.float32)), name
        assert vocab["vocab_chars"].tolist() == npz["vocab_chars"].tolist()
        other = {name: npz[name] for name in npz.files}
    other["vocab_chars"] = other["vocab_chars"][::-1]
    (tmp_path / "other").mkdir()
    np.savez(tmp_path / "other" / "ner.npz", **other)
    with pytest.raises(ValueError, match="vocabularies"):
        average.average([shipped, tmp_path / "other"])


def test_a_continued_run_takes_its_vocabularies_and_counts_from_the_network(tmp_path):
    train = _ner_script("train")
    shipped = default_model_dir()
    with np.load(shipped / "ner.npz") as npz:
        start = {name: npz[name] for name in npz.files}
    emb = train.network_vocabularies(start, shipped / "meta.json")
    assert emb["chars"] == start["vocab_chars"].tolist() and emb["bigrams"] == start["vocab_bigrams"].tolist()
    recorded = json.loads((shipped / "meta.json").read_text(encoding="utf-8"))["embeddings"]
    assert emb["unlabelled_chars"] == recorded["unlabelled_chars"] > 0
    assert emb["found_chars"] == recorded["pretrained_characters"]
    assert train.network_vocabularies(start, tmp_path / "missing.json")["found_bigrams"] == 0


def test_a_batch_reads_each_text_as_it_reads_the_text_alone():
    from newsnlp.features import BOS, EOS, join_texts, joined_cues

    lexicon = Lexicon(surnames=["张", "欧阳"])
    for word, kind in [("北京", "loc"), ("京上", "org"), ("张三", "per"), ("a" + EOS, "per"),
                       ("京" + EOS + BOS + "上", "org"), (BOS + "上", "loc"), ("阳", "eper")]:
        lexicon.add(word, kind)
    texts = ["北京", "上海", "", "张三欧阳", "a", "欧", "x" + EOS + "a"]
    batch = joined_cues(join_texts(texts), lexicon)
    assert np.array_equal(batch, np.concatenate([cue_matrix(text, lexicon) for text in texts]))
    # No entry reaches past a text's end into the marks that join a batch.
    assert "orgB" not in lexicon_features("北京", lexicon)[1]
    assert "perB" not in lexicon_features("xa", lexicon)[1]


def test_a_mention_never_begins_or_ends_with_a_symbol_or_a_space():
    text = "👍 金正恩在平壤"
    assert _without_symbols(text, 0, 5) == (2, 5)
    assert _without_symbols("新华社©", 0, 4) == (0, 3)
    # Nor with a list's bullet, a name dot with a space after it (‧ 共軍); a dot beside a name
    # is no symbol: the resolver reads it.
    assert _without_symbols("‧ 共軍演習", 0, 4) == (2, 4)
    assert _without_symbols("丹泽尔·", 0, 4) == (0, 4)


def test_teacher_decoding_gives_the_best_valid_bio_path_over_all_tag_sequences():
    teacher = _ner_script("teacher")
    allowed = teacher.allowed_transitions()
    rng = np.random.default_rng(3)
    for _ in range(20):
        log_probs = np.log(rng.dirichlet(np.ones(len(TAGS)), size=4))
        best = max((path for path in itertools.product(range(len(TAGS)), repeat=4)
                    if not TAGS[path[0]].startswith("I-") and all(allowed[a, b] for a, b in zip(path, path[1:]))),
                   key=lambda path: sum(log_probs[i, t] for i, t in enumerate(path)))
        assert teacher.decode(log_probs, allowed) == list(best)


def test_teacher_reads_one_token_per_character_and_tags_as_spans():
    teacher = _ner_script("teacher")
    vocab = {"[PAD]": 0, "[unused1]": 1, "[UNK]": 2, "北": 3, "京": 4, "a": 5}
    assert teacher.token_ids("北京 A吖", vocab) == [3, 4, 1, 5, 2]
    tags = [TAGS.index(t) for t in ("B-PLACE", "I-PLACE", "O", "B-PERSON", "B-ORG", "I-ORG")]
    assert teacher.spans(tags) == {(0, 2, "PLACE"), (3, 4, "PERSON"), (4, 6, "ORG")}
    assert teacher.score([{(0, 2, "PLACE")}], [tags]) == {"p": 0.3333, "r": 1.0, "f1": 0.5}


def test_teacher_fine_tunes_an_encoder_and_writes_its_tags_of_the_pieces(tmp_path):
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    teacher = _ner_script("teacher")
    sentences = [("张伟在北京说", "B-PER I-PER O B-LOC I-LOC O"), ("新华社报道", "B-ORG I-ORG I-ORG O O")]
    data = tmp_path / "data" / "msra_ner"
    data.mkdir(parents=True)
    bio = "".join("".join(f"{ch}\t{tag}\n" for ch, tag in zip(text, tags.split())) + "\n" for text, tags in sentences)
    for name in ("train.bio", "dev.bio"):
        (data / name).write_text(bio * 4, encoding="utf-8")
    encoder = tmp_path / "encoder"
    words = ["[PAD]", "[unused1]", "[UNK]", "[CLS]", "[SEP]", *sorted(set("张伟在北京说新华社报道李娜"))]
    config = transformers.BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64)
    transformers.BertModel(config).save_pretrained(encoder)
    (encoder / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    texts = tmp_path / "pieces.txt"
    texts.write_text("李娜在北京说\n新华社\n", encoding="utf-8")

    assert teacher.main(["--encoder", str(encoder), "--out", str(tmp_path / "out"), "--data", str(tmp_path / "data"),
                         "--texts", str(texts), "--epochs", "2", "--batch-size", "4"]) == 0
    tagged = (tmp_path / "out" / "pseudo.bio").read_text(encoding="utf-8").split("\n\n")
    assert ["".join(line.split("\t")[0] for line in piece.split("\n")) for piece in tagged[:2]] == ["李娜在北京说", "新华社"]
    assert all(line.split("\t")[1] in TAGS for piece in tagged[:2] for line in piece.split("\n"))
    report = json.loads((tmp_path / "out" / "teacher.json").read_text(encoding="utf-8"))
    assert [e["epoch"] for e in report["epochs"]] == [1, 2] and report["pieces"] == 2 and report["characters"] == 9
    # Its tag log probabilities, piece by piece, for label.py to weigh in; their best paths are the tags written.
    scores = _ner_script("label").read_scores(tmp_path / "out" / "scores.npz")
    assert [s.shape for s in scores] == [(6, len(TAGS)), (3, len(TAGS))]
    assert np.allclose(np.exp(scores[0]).sum(1), 1.0, atol=1e-2)
    written = [[TAGS.index(line.split("\t")[1]) for line in piece.split("\n")] for piece in tagged[:2]]
    assert [teacher.decode(s, teacher.allowed_transitions()) for s in scores] == written
    assert len(_ner_script("label").read_scores(tmp_path / "out" / "dev-scores.npz")) == 8


def test_labels_weighed_with_a_teacher_add_its_log_probabilities_to_the_tag_scores(tmp_path):
    label, teacher = _ner_script("label"), _ner_script("teacher")
    texts = ["张伟在北京说今天天气很好", "新华社报道"]
    model = NerTagger(write_random_model(tmp_path))
    rng = np.random.default_rng(3)
    log_probs = [np.log(rng.dirichlet(np.ones(len(TAGS)), len(text))).astype(np.float32) for text in texts]
    crf_alone, _ = model.network.tag(texts, model.lexicon)
    assert list(label.label(texts, [model], log_probs, teacher_weight=0.0)) == [[TAGS[t] for t in p] for p in crf_alone]
    teacher_alone = [[TAGS[t] for t in teacher.decode(lp, teacher.allowed_transitions())] for lp in log_probs]
    assert list(label.label(texts, [model], log_probs, teacher_weight=1e4)) == teacher_alone
    both = list(label.label(texts, [model], log_probs))
    assert [len(tags) for tags in both] == [len(text) for text in texts]
    assert all(not b.startswith("I-") or a[2:] == b[2:] for tags in both for a, b in zip(["O", *tags], tags))
