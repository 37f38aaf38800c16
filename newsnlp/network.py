"""The dilated-convolution CRF behind ``newsnlp_ner``, run with onnxruntime and numpy.

The network is trained with PyTorch by ``models/ner/train.py`` and saved as plain
arrays (``ner.npz``) with an ONNX graph of its convolutions; this module runs it
with onnxruntime and numpy, so the installed package needs no deep-learning framework.

Input of character ``i`` of the normalised text (see :func:`newsnlp.features.normalise`):

- the character's embedding (rare characters share an unknown-character row);
- the embeddings of the bigrams ``text[i-1:i+1]`` and ``text[i:i+2]``;
- a 0/1 vector of dictionary and character-class cues: the lexicon matches of
  :func:`newsnlp.features.cue_matrix` (begin/middle/end of a person, place,
  organisation or proper-noun entry, suffixes, word lengths, surnames) and the
  character's class.

A stack of width-3 convolutions with growing dilation (1, 2, 4, 8: each
character sees 15 characters either side), ReLU and residual connections, reads
the sentence; a linear layer gives BIO tag scores; a CRF transition matrix and
Viterbi decoding (restricted to valid BIO sequences) give the tags. Convolutions
have no step-by-step loop, so a whole batch of sentences is a few matrix
products: that is why this architecture was chosen over a BiLSTM of the same
accuracy (``models/README.md``).

The convolutions run in 8 bits (:func:`forward_graph`): onnxruntime computes them
three times as fast as numpy computes the float network, and the tags stay those of the
float network for all but about 1 character in 4,000 (``models/README.md``). numpy
runs the float network where a file has no graph (one saved before the graph was).
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import CUES, CodeTable, Joined, Lexicon, codes_at, join_texts, joined_cues
from .io.files import atomic_open

LABELS: tuple[str, ...] = ("PERSON", "PLACE", "ORG")
TAGS: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in LABELS for p in "BI"))

PAD, UNK = 0, 1


class Vocabulary:
    """The ids of the characters (or character pairs) a network knows, from 2 on in their order
    (0 is padding, 1 unknown), looked up for every position of a text at once by code point
    (:class:`newsnlp.features.CodeTable`)."""

    def __init__(self, items: Sequence[str]) -> None:
        items = list(items)
        self._table = CodeTable(items, range(2, len(items) + 2), len(items[0]) if items else 1)

    def ids(self, codes: np.ndarray) -> np.ndarray:
        """The id of each code (:func:`newsnlp.features.codes_at`), UNK for items the vocabulary lacks."""
        return self._table.get(codes, UNK)


def input_ids(joined: Joined, chars: Vocabulary, bigrams: Vocabulary) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(char ids, left-bigram ids, right-bigram ids) of the characters of normalised texts laid end
    to end (:func:`newsnlp.features.join_texts`); the bigrams of a text's first and last characters
    reach past its edges (BOS, EOS)."""
    codes = joined.codes
    char_ids = chars.ids(codes)
    grams = bigrams.ids(codes_at(codes, np.arange(len(codes) - 1), 2))
    at = joined.chars
    return char_ids[at], grams[at - 1], grams[at]


def encode(
    text: str, lexicon: Lexicon, chars: Vocabulary, bigrams: Vocabulary,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(char ids, left-bigram ids, right-bigram ids, cue matrix) of normalised ``text``: one
    sentence as training reads it (tagging packs a batch the same way, :meth:`CnnCrf.pack`)."""
    joined = join_texts([text])
    char_ids, left, right = (ids.astype(np.int32) for ids in input_ids(joined, chars, bigrams))
    return char_ids, left, right, joined_cues(joined, lexicon)


def allowed_transitions() -> np.ndarray:
    """(from, to) mask of BIO transitions: I-X only after B-X or I-X."""
    n = len(TAGS)
    ok = np.ones((n, n), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(TAGS):
                ok[i, j] = prev[2:] == tag[2:]
    return ok


def allowed_starts() -> np.ndarray:
    return np.array([not tag.startswith("I-") for tag in TAGS])


@dataclass
class Packed:
    """A batch of sentences as the network reads it: their characters end to end."""

    char_ids: np.ndarray  # (characters,)
    inputs: np.ndarray  # (characters, 2 x bigram dim + cues): bigram embeddings and cues
    lengths: np.ndarray  # (sentences,)


WEIGHT_NAMES: tuple[str, ...] = ("char_emb", "bigram_emb", "out_w", "out_b", "transitions", "start", "end")
# The array of a saved network that holds its ONNX forward graph (serialised bytes), not a weight.
GRAPH = "forward_onnx"
CHAR_TAPS = ("char_tap0", "char_tap1", "char_tap2")  # the graph's inputs of char_taps()


def char_taps(weights: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each character adds to the first layer's left, middle and right tap, (characters, width)
    each, the layer's bias in the middle one: the character part of the first layer is looked up,
    not multiplied. The padding row of the outer taps is zero, so a tap past a sentence's edge
    that reads it adds nothing."""
    char_emb = np.asarray(weights["char_emb"], dtype=np.float32)
    w = np.asarray(weights["conv0_w"], dtype=np.float32)[:, : char_emb.shape[1]]  # (3, char dim, width)
    left, middle, right = (char_emb @ tap for tap in w)
    middle += np.asarray(weights["conv0_b"], dtype=np.float32)
    left[PAD] = right[PAD] = 0.0
    return left, middle, right


def forward_graph(weights: dict[str, np.ndarray], dilations: Sequence[int],
                  ranges: Sequence[tuple[float, float]]) -> bytes:
    """The convolutions and the output layer of :meth:`CnnCrf.emissions` as an ONNX graph whose
    matrix products run in 8 bits. Needs the ``onnx`` package.

    Each layer's input is scaled to 7 bits (0 to 127) over a fixed range, ``ranges[i]`` for layer
    ``i`` (:meth:`CnnCrf.input_ranges`, measured on sample text), and its weights to 8 bits per
    output column. A fixed range, not one measured per call, keeps a sentence's scores
    independent of the sentences it shares a batch with; 7 bits on one side keep the processor's
    16-bit sums of two products from saturating, with or without VNNI instructions, so the
    integer products are exact everywhere. The rows a character's three taps read (``t - d``,
    ``t``, ``t + d``; a row of zeros past its sentence's edges) are gathered side by side as
    8-bit rows, so a layer is one product (characters, 3 x in) x (3 x in, out): far less to move
    through memory than three float tap outputs shifted and added.

    Inputs: the tables of :func:`char_taps` (made when the network loads: the file keeps only
    the embeddings they come from), ``char_ids`` (N,), ``inputs`` (N, bigram and cue columns,
    :class:`Packed`), and :func:`positions`' ``where`` and ``left_to`` (N,). Output: ``emitted``
    (N, tags).
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    initializers: list = []
    nodes: list = []

    def constant(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(value, name))
        return name

    def node(op: str, inputs: list[str], name: str | None = None, **attrs) -> str:  # noqa: ANN003
        name = name or f"{op.lower()}{len(nodes)}"
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def f32(name: str) -> np.ndarray:
        return np.asarray(weights[name], dtype=np.float32)

    char_dim = weights["char_emb"].shape[1]
    width = f32("conv0_b").shape[0]
    n = node("Squeeze", [node("Shape", ["char_ids"])])
    index = node("Range", [constant("zero", np.array(0, np.int64)), n, constant("one", np.array(1, np.int64))])
    ids = node("Concat", ["char_ids", constant("pad_id", np.array([PAD], np.int64))], axis=0)  # row n: padding
    h = ""
    for i, d in enumerate(dilations):
        dil = constant(f"d{i}", np.array(d, np.int64))
        # The rows the outer taps read; row n (padding, zeros) past the sentence's edges.
        before = node("Where", [node("GreaterOrEqual", ["where", dil]), node("Sub", [index, dil]), n])
        after = node("Where", [node("Greater", ["left_to", dil]), node("Add", [index, dil]), n])
        x, x_dim = ("inputs", f32("conv0_w").shape[1] - char_dim) if i == 0 else (h, width)
        low, high = min(float(ranges[i][0]), 0.0), max(float(ranges[i][1]), 0.0)
        scale = max(high - low, 1e-8) / 127
        zero = int(np.clip(round(-low / scale), 0, 127))
        x_zero = constant(f"x_zero{i}", np.array(zero, np.uint8))
        clipped = node("Clip", [x, constant(f"low{i}", np.array(low, np.float32)),
                                constant(f"high{i}", np.array(high, np.float32))])
        x_q = node("QuantizeLinear", [clipped, constant(f"x_scale{i}", np.array(scale, np.float32)), x_zero])
        padded = node("Concat", [x_q, constant(f"zero_row{i}", np.full((1, x_dim), zero, np.uint8))], axis=0)
        rows = node("Concat", [node("Gather", [padded, before]), x_q, node("Gather", [padded, after])], axis=1)
        w = f32(f"conv{i}_w")[:, char_dim:] if i == 0 else f32(f"conv{i}_w")  # (3 taps, in, out)
        w = w.reshape(3 * x_dim, width)
        column_scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127
        w_q = np.clip(np.round(w / column_scale), -127, 127).astype(np.int8)
        summed = node("MatMulInteger", [rows, constant(f"w{i}", w_q), x_zero])
        y = node("Mul", [node("Cast", [summed], to=TensorProto.FLOAT),
                         constant(f"scale{i}", (scale * column_scale).astype(np.float32))])
        if i == 0:  # the characters' part, with the bias in the middle tap's table
            for tap, read in zip(CHAR_TAPS, (node("Gather", [ids, before]), "char_ids", node("Gather", [ids, after]))):
                y = node("Add", [y, node("Gather", [tap, read])])
        else:
            y = node("Add", [y, constant(f"b{i}", f32(f"conv{i}_b"))])
        y = node("Relu", [y])
        h = y if i == 0 else node("Add", [h, y])  # residual after the first layer
    # The output layer (7 columns) stays in float: its products cost nothing and its scores decide.
    out = node("MatMul", [h, constant("out_w", f32("out_w"))])
    node("Add", [out, constant("out_b", f32("out_b"))], "emitted")

    inputs = [*(helper.make_tensor_value_info(name, TensorProto.FLOAT, [None, width]) for name in CHAR_TAPS),
              *(helper.make_tensor_value_info(name, TensorProto.INT64, [None])
                for name in ("char_ids", "where", "left_to")),
              helper.make_tensor_value_info("inputs", TensorProto.FLOAT, [None, f32("conv0_w").shape[1] - char_dim])]
    outputs = [helper.make_tensor_value_info("emitted", TensorProto.FLOAT, [None, f32("out_w").shape[1]])]
    model = helper.make_model(helper.make_graph(nodes, "newsnlp_ner", inputs, outputs, initializers),
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9  # readable by onnxruntime releases of the last years
    onnx.checker.check_model(model)
    return model.SerializeToString()


def read_network(source: str | Path | bytes) -> tuple[dict[str, np.ndarray], bytes | None]:
    """A saved network's arrays (weights, dilations, vocabularies), and its 8-bit graph or None: a
    file saved before the graph existed has none, and a network saved again makes it anew."""
    with np.load(io.BytesIO(source) if isinstance(source, bytes) else source, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    graph = arrays.pop(GRAPH, None)
    return arrays, None if graph is None else graph.tobytes()


def positions(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each character of sentences laid end to end: its index in its sentence, and the
    characters from it to its sentence's end."""
    where = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return where, np.repeat(lengths, lengths) - where


def _session(graph: bytes):  # noqa: ANN202 - onnxruntime is imported only for a graph
    try:
        import onnxruntime
    except ImportError as err:
        raise ImportError("The NER network's 8-bit graph runs with onnxruntime, a dependency of newsnlp that "
                          "is missing here: pip install onnxruntime") from err

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # errors only: its warnings are about graph optimisation, not the text
    # One thread: a batch is too small to share out, and batch runs scale by processes (one per core).
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


class CnnCrf:
    """The network's arrays and its forward pass.

    ``weights``: the arrays of :data:`WEIGHT_NAMES` plus, per layer ``i``,
    ``conv{i}_w`` (3 taps, in, out) and ``conv{i}_b``; ``dilations`` gives each
    layer's dilation. Tap 0 reads character ``t - d``, tap 1 ``t``, tap 2 ``t + d``.
    """

    def __init__(self, weights: dict[str, np.ndarray], dilations: Sequence[int],
                 chars: Sequence[str], bigrams: Sequence[str], graph: bytes | None = None) -> None:
        def f32(name: str) -> np.ndarray:
            return np.asarray(weights[name], dtype=np.float32)

        self.dilations = [int(d) for d in dilations]
        self.conv_b = [f32(f"conv{i}_b") for i in range(len(self.dilations))]
        # Each layer's three taps side by side, (in, 3 x out): one matrix product per layer.
        conv_w = [np.concatenate(list(f32(f"conv{i}_w")), axis=1) for i in range(len(self.dilations))]
        self.char_taps = char_taps(weights)
        conv_w[0] = conv_w[0][weights["char_emb"].shape[1] :]  # bigrams and cues
        self.conv_w = [np.ascontiguousarray(w) for w in conv_w]
        self.bigram_emb = np.asarray(weights["bigram_emb"], dtype=np.float16)  # as stored; rows widen on use
        self.out_w = f32("out_w")
        self.out_b = f32("out_b")
        banned = np.float32(-1e4)
        self.transitions = np.where(allowed_transitions(), f32("transitions"), banned)
        self.start = np.where(allowed_starts(), f32("start"), banned)
        self.end = f32("end")
        self.chars, self.bigrams = Vocabulary(chars), Vocabulary(bigrams)
        self.session = None if graph is None else _session(graph)

    # Serialisation: one .npz with the arrays, the dilations, the two vocabularies and the 8-bit graph.
    @staticmethod
    def stored(weights: dict[str, np.ndarray], n_layers: int) -> dict[str, np.ndarray]:
        """The arrays as :meth:`save` writes them: float32, embeddings float16 (half the file,
        an error far below the model's)."""
        names = [*WEIGHT_NAMES, *(f"conv{i}_{p}" for i in range(n_layers) for p in "wb")]
        missing = sorted(set(names) - set(weights))
        if missing:
            raise ValueError(f"network weights lack {missing}")
        # Copies: the caller's arrays may be views of weights that keep changing (training).
        arrays = {name: np.array(weights[name], dtype=np.float32) for name in names}
        for name in ("char_emb", "bigram_emb"):
            arrays[name] = arrays[name].astype(np.float16)
        return arrays

    @staticmethod
    def save(path: str | Path, weights: dict[str, np.ndarray], dilations: Sequence[int],
             chars: Sequence[str], bigrams: Sequence[str], *, sample: Sequence[str], lexicon: Lexicon) -> None:
        """Write a network: its arrays as :meth:`stored`, and the 8-bit graph of :func:`forward_graph`
        with the input ranges the float network reads in ``sample`` (normalised texts, such as
        training sentences). An interrupted write leaves any earlier file whole."""
        arrays = CnnCrf.stored(weights, len(dilations))
        float_network = CnnCrf(arrays, dilations, chars, bigrams)
        graph = forward_graph(arrays, dilations, float_network.input_ranges(sample, lexicon))
        with atomic_open(path, "wb", encoding=None) as handle:
            np.savez_compressed(
                handle, dilations=np.asarray(dilations, dtype=np.int64),
                vocab_chars=np.array(list(chars)), vocab_bigrams=np.array(list(bigrams)),
                **{GRAPH: np.frombuffer(graph, dtype=np.uint8)}, **arrays,
            )

    @classmethod
    def from_bytes(cls, data: bytes) -> CnnCrf:
        arrays, graph = read_network(data)
        return cls(arrays, arrays.pop("dilations").tolist(), arrays.pop("vocab_chars").tolist(),
                   arrays.pop("vocab_bigrams").tolist(), graph)

    @classmethod
    def from_file(cls, path: str | Path) -> CnnCrf:
        return cls.from_bytes(Path(path).read_bytes())

    def input_ranges(self, texts: Sequence[str], lexicon: Lexicon, batch_size: int = 64) -> list[tuple[float, float]]:
        """The range of the values that each layer's matrix product reads in the float network over
        ``texts`` (normalised; empty ones are skipped), from the 0.01th to the 99.99th percentile.
        The rarest values beyond it are clipped; the 8-bit steps of all others are finer for it
        (the usual percentile calibration of 8-bit networks)."""
        texts = [text for text in texts if text]
        if not texts:
            raise ValueError("input ranges need sample text")
        seen: list[list[np.ndarray]] = [[] for _ in self.dilations]
        for first in range(0, len(texts), batch_size):
            packed = self.pack(texts[first : first + batch_size], lexicon)
            self._float_emissions(packed, *positions(packed.lengths), seen)
        return [tuple(float(q) for q in np.quantile(np.concatenate(values), [1e-4, 1 - 1e-4])) for values in seen]

    def encode(self, text: str, lexicon: Lexicon) -> tuple[np.ndarray, ...]:
        return encode(text, lexicon, self.chars, self.bigrams)

    def pack(self, texts: Sequence[str], lexicon: Lexicon) -> Packed:
        """The network's input for a batch of (normalised, non-empty) texts: :func:`encode` of
        each, laid end to end, built in one piece rather than text by text (a batch's small
        arrays and per-character loops cost more than its arithmetic)."""
        joined = join_texts(texts)
        char_ids, left, right = input_ids(joined, self.chars, self.bigrams)
        bigram_dim = self.bigram_emb.shape[1]
        inputs = np.empty((len(char_ids), 2 * bigram_dim + len(CUES)), dtype=np.float32)
        inputs[:, :bigram_dim] = self.bigram_emb[left]
        inputs[:, bigram_dim : 2 * bigram_dim] = self.bigram_emb[right]
        inputs[:, 2 * bigram_dim :] = joined_cues(joined, lexicon)
        return Packed(char_ids, inputs, joined.lengths)

    def emissions(self, packed: Packed) -> tuple[np.ndarray, np.ndarray]:
        """Tag scores (B, T, K) of a packed batch of sentences, and their lengths.

        The sentences sit end to end with nothing between them. A tap that would read
        across a sentence's edge is zeroed at its source (the left tap of a sentence's
        last ``d`` characters, the right tap of its first ``d``) before it is added,
        which is exactly the zero padding each sentence had in training.
        """
        char_ids, lengths = packed.char_ids, packed.lengths
        where, left_to = positions(lengths)
        if self.session is not None:
            emitted = self.session.run(None, {
                **dict(zip(CHAR_TAPS, self.char_taps)), "char_ids": char_ids.astype(np.int64, copy=False),
                "inputs": packed.inputs, "where": where.astype(np.int64, copy=False),
                "left_to": left_to.astype(np.int64, copy=False),
            })[0]
        else:
            emitted = self._float_emissions(packed, where, left_to)
        scores = np.zeros((len(lengths), int(lengths.max()), emitted.shape[1]), dtype=np.float32)
        scores[np.repeat(np.arange(len(lengths)), lengths), where] = emitted
        return scores, lengths

    def _float_emissions(self, packed: Packed, where: np.ndarray, left_to: np.ndarray,
                         seen: list[list[np.ndarray]] | None = None) -> np.ndarray:
        """(characters, tags) scores of the float network, with numpy; adds to ``seen[i]``, where
        given, every 7th value that layer ``i``'s matrix product reads (7: all columns take turns)."""
        width = self.char_taps[0].shape[1]
        h = None
        for layer, (w, b, d) in enumerate(zip(self.conv_w, self.conv_b, self.dilations)):
            x = packed.inputs if layer == 0 else h
            if seen is not None:
                seen[layer].append(x.ravel()[::7].copy())
            taps = x @ w
            if layer == 0:
                for k, tap in enumerate(self.char_taps):
                    taps[:, k * width : (k + 1) * width] += tap[packed.char_ids]
            taps[left_to <= d, :width] = 0.0  # would reach the next sentence
            taps[where < d, 2 * width :] = 0.0  # would reach the previous one
            # y[t] = tap0 . x[t - d] + tap1 . x[t] + tap2 . x[t + d]
            y = taps[:, width : 2 * width]
            y[d:] += taps[:-d, :width]
            y[:-d] += taps[d:, 2 * width :]
            if layer:
                y += b
            np.maximum(y, 0.0, out=y)
            if layer == 0:
                h = y
            else:
                h += y  # residual after the first layer
        return h @ self.out_w + self.out_b

    # Viterbi and forward-backward step through a batch's characters one position at a time,
    # all sentences at once, so a step costs its numpy calls more than its arithmetic (7 tags).
    # The arrays are laid out step-major with the sentences last, (T, K, B): a step reads and
    # writes contiguous blocks, and sums or maxima over tags run over rows of B values.

    def viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
        """Best valid tag sequence of each sentence."""
        batch, steps, n_tags = scores.shape
        emit = np.ascontiguousarray(scores.transpose(1, 2, 0))
        best = np.empty_like(emit)  # best score of a path ending in tag k at step t
        candidates = np.empty((n_tags, n_tags, batch), dtype=emit.dtype)  # (from, to, B)
        transitions = self.transitions[:, :, None]
        np.add(self.start[:, None], emit[0], out=best[0])
        for t in range(1, steps):
            np.add(best[t - 1][:, None, :], transitions, out=candidates)
            np.max(candidates, axis=0, out=best[t])
            best[t] += emit[t]
        last = lengths - 1
        final = (best[last, :, np.arange(batch)] + self.end).argmax(axis=1)
        path = np.empty((steps, batch), dtype=np.intp)
        ends = set(last.tolist())
        tag = final
        for t in range(steps - 1, -1, -1):
            if t in ends:
                tag = np.where(last == t, final, tag)  # a sentence's trace starts at its own last step
            path[t] = tag
            if t:
                # The best previous tag, found for the tag taken only (an argmax at every step
                # of the forward pass costs more than the rest of it): the same sums, the same choice.
                tag = (best[t - 1] + self.transitions[:, tag]).argmax(axis=0)
        return [row[:n] for row, n in zip(path.T.tolist(), lengths.tolist())]

    def marginals(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """P(tag of character t = k | sentence), (B, T, K), by scaled forward-backward.

        Each step's vector is renormalised, so exponentials never overflow; the
        scale factors cancel when alpha * beta is normalised per position.
        """
        batch, steps, n_tags = scores.shape
        emit = np.exp(scores - scores.max(axis=2, keepdims=True)).astype(np.float64).transpose(1, 2, 0).copy()
        trans = np.exp(self.transitions.astype(np.float64))  # banned transitions become 0
        trans_t = np.ascontiguousarray(trans.T)
        alpha = np.empty_like(emit)
        a = np.exp(self.start - self.start.max())[:, None] * emit[0]
        alpha[0] = a / a.sum(axis=0)
        for t in range(1, steps):
            a = alpha[t]
            np.matmul(trans_t, alpha[t - 1], out=a)
            a *= emit[t]
            a /= a.sum(axis=0)
        last = lengths - 1
        beta = np.ones_like(emit)
        beta[last, :, np.arange(batch)] = np.exp(self.end - self.end.max())
        # Past a sentence's end beta stays as set: only positions before the last one recurse.
        recurse = (np.arange(steps)[:, None] < last[None, :])[:, None, :]
        b = np.empty((n_tags, batch))
        for t in range(steps - 2, -1, -1):
            np.matmul(trans, emit[t + 1] * beta[t + 1], out=b)
            b /= b.sum(axis=0)
            np.copyto(beta[t], b, where=recurse[t])
        probs = alpha * beta
        probs /= probs.sum(axis=1, keepdims=True)
        probs = probs.transpose(2, 0, 1)
        probs[np.arange(steps)[None, :] > last[:, None]] = 0.0
        return probs

    def tag(self, texts: list[str], lexicon: Lexicon, *, with_marginals: bool = False,
            ) -> tuple[list[list[int]], np.ndarray | None]:
        """Tag ids of each (normalised, non-empty) text, and the tag marginals when asked for."""
        scores, lengths = self.emissions(self.pack(texts, lexicon))
        paths = self.viterbi(scores, lengths)
        if not with_marginals:
            return paths, None
        # Marginals only where a mention was found: they score mentions, nothing else.
        probs = np.zeros(scores.shape, dtype=np.float64)
        tagged = [row for row, path in enumerate(paths) if any(path)]
        if tagged:
            probs[tagged] = self.marginals(scores[tagged], lengths[tagged])
        return paths, probs
