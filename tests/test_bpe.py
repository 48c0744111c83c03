"""helpers.bpe: both trainers agree, GPT-2 ids equal tiktoken's, files round-trip, errors are clear."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.bpe import (
    ENDOFTEXT,
    GPT2_PATTERN,
    BPEError,
    BPETokenizer,
    SpecialTokenError,
    TokenizerFileError,
    bytes_to_unicode,
    first_single_token_word,
    gpt2_visible,
    merge_pair,
    merge_summary,
    pretokenize,
    tokens_per_word,
    train_fast,
    train_simple,
)
from helpers.bpe_fast import gpt2_findall
from helpers.corpora import load_wiki_text


@pytest.fixture(scope="module")
def gpt2_bpe() -> BPETokenizer:
    """Our GPT-2 tokenizer (``helpers.bpe``); tiktoken's is the ``gpt2_encoding`` fixture (conftest)."""
    return BPETokenizer.gpt2()


@pytest.fixture(scope="module")
def verdict_tok(verdict) -> BPETokenizer:
    return BPETokenizer().train(verdict, 1000)


# ---------------------------------------------------------------- training


def test_merge_pair_is_left_to_right_and_non_overlapping():
    assert merge_pair([1, 1, 1], (1, 1), 9) == [9, 1]
    assert merge_pair([1, 1, 1, 1], (1, 1), 9) == [9, 9]
    assert merge_pair([1, 2, 3, 1, 2], (1, 2), 7) == [7, 3, 7]
    assert merge_pair([], (1, 2), 7) == []


def test_tie_rule_picks_smallest_pair():
    # "ab" and "cd" both occur twice: (97, 98) < (99, 100), so "ab" is merged first.
    merges, counts = train_simple("ab cd ab cd", 2, pattern=r"\S+")
    assert merges[0] == (ord("a"), ord("b")) and counts[0] == 2
    merges_fast, log = train_fast("ab cd ab cd", 2, pattern=r"\S+")
    assert merges_fast == merges and log.counts == counts


def test_trainers_agree_on_the_verdict(verdict):
    text = verdict[:6000]
    simple, counts = train_simple(text, 120)
    fast, log = train_fast(text, 120)
    assert fast == simple
    assert log.counts == counts


alphabet = st.sampled_from(list("aab bc\n'.1é"))


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet, min_size=1, max_size=120), n=st.integers(1, 40))
def test_trainers_agree_on_random_texts(text, n):
    if not pretokenize(text):
        return
    simple, counts = train_simple(text, n)
    fast, log = train_fast(text, n)
    assert fast == simple
    assert log.counts == counts


@settings(deadline=None, max_examples=30)
@given(text=st.text(min_size=1, max_size=80), n=st.integers(1, 30))
def test_trainers_agree_on_arbitrary_unicode(text, n):
    if not pretokenize(text):
        return
    assert train_fast(text, n)[0] == train_simple(text, n)[0]


def test_train_sizes_and_special_token(verdict_tok):
    assert verdict_tok.n_vocab == 1000
    assert len(verdict_tok.merges) == 1000 - 256 - 1
    assert verdict_tok.special_tokens == {ENDOFTEXT: 999}
    assert verdict_tok.merges[0] == (ord(" "), ord("t"))


def test_log_matches_replayed_segmentation(verdict, verdict_tok):
    log = verdict_tok.log
    assert len(log.tokens_after) == len(verdict_tok.merges)
    assert log.tokens_before == len(verdict.encode("utf-8"))
    assert log.tokens_after[-1] == len(verdict_tok.segment(verdict))
    assert log.tokens_after[9] == len(verdict_tok.segment(verdict, 10))
    per_word = tokens_per_word(log)
    assert per_word[0] > 5 and per_word[-1] < 2
    assert all(a >= b for a, b in zip(per_word, per_word[1:], strict=False))


def test_trained_tokenizer_round_trips(verdict, verdict_tok):
    ids = verdict_tok.encode(verdict)
    assert verdict_tok.decode(ids) == verdict
    assert len(ids) == verdict_tok.log.tokens_after[-1]


def test_special_tokens_are_never_learned():
    text = ("ab<|endoftext|>ab" * 20)
    tok = BPETokenizer().train(text, 300)
    assert all(b"<|" not in tok.vocab[256 + i] for i in range(len(tok.merges)))
    assert tok.encode(text, allowed_special="all").count(tok.special_tokens[ENDOFTEXT]) == 20


def test_training_stops_when_nothing_is_left():
    tok = BPETokenizer().train("abc abc", 1000)
    assert len(tok.merges) == 3  # "ab", "abc", " abc"; then every pre-token is one token
    assert tok.special_tokens == {ENDOFTEXT: 259}


def test_progress_bar_for_long_training(capsys):
    train_fast("the cat sat on the mat " * 50, 20, progress=True)
    assert "BPE merges" in capsys.readouterr().err
    train_fast("the cat sat on the mat " * 50, 20)
    assert "BPE merges" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        (("", 300), BPEError, "empty"),
        ((ENDOFTEXT, 300), BPEError, "empty"),
        ((b"bytes", 300), TypeError, "must be a str"),
        (("some text", 200), BPEError, "too small"),
        (("some text", 300.0), TypeError, "vocab_size must be an int"),
    ],
)
def test_train_errors(args, error, words):
    with pytest.raises(error, match=words):
        BPETokenizer().train(*args)


# ---------------------------------------------------------------- GPT-2 exactly


def test_byte_table_is_gpt2s():
    table = bytes_to_unicode()
    assert len(set(table.values())) == 256
    assert table[ord(" ")] == "Ġ" and table[ord("\n")] == "Ċ" and table[ord("a")] == "a"
    assert gpt2_visible(b" hello\n") == "ĠhelloĊ"


def test_gpt2_sizes(gpt2_bpe, gpt2_encoding):
    assert gpt2_bpe.n_vocab == gpt2_encoding.n_vocab == 50257
    assert gpt2_bpe.special_tokens == {ENDOFTEXT: 50256}
    assert gpt2_bpe.pieces(gpt2_bpe.encode(" sun")) == [" sun"]


def test_gpt2_notes_example(gpt2_bpe, gpt2_encoding):
    text = "Hello, do you like tea? <|endoftext|> In the sunlit terraces of someunknownPlace."
    ids = gpt2_bpe.encode(text, allowed_special={ENDOFTEXT})
    assert ids[:12] == [15496, 11, 466, 345, 588, 8887, 30, 220, 50256, 554, 262, 4252]
    assert ids == gpt2_encoding.encode(text, allowed_special={ENDOFTEXT})
    assert gpt2_bpe.decode(ids) == text


def test_gpt2_equals_tiktoken_on_the_verdict(gpt2_bpe, gpt2_encoding, verdict):
    ids = gpt2_bpe.encode(verdict)
    assert ids == gpt2_encoding.encode(verdict)
    assert len(ids) == 5145
    assert gpt2_bpe.decode(ids) == verdict


def test_gpt2_equals_tiktoken_on_the_wikipedia_sample(gpt2_bpe, gpt2_encoding):
    text = load_wiki_text()
    ids = gpt2_bpe.encode(text)
    assert ids == gpt2_encoding.encode(text)
    assert gpt2_bpe.decode(ids) == text


@settings(deadline=None, max_examples=200)
@given(text=st.text(max_size=60))
def test_gpt2_equals_tiktoken_on_arbitrary_unicode(gpt2_bpe, gpt2_encoding, text):
    ids = gpt2_bpe.encode(text, disallowed_special=())
    assert ids == gpt2_encoding.encode(text, disallowed_special=())
    assert gpt2_bpe.decode(ids) == text


def test_fast_gpt2_splitter_agrees_with_regex_on_every_bmp_code_point():
    # The re version of GPT2_PATTERN spells \p{L}, \p{N}, \s out as ranges: check every character up
    # to U+FFFF and every 7th above (in one text: after a letter, a space and an apostrophe).
    fast, slow = gpt2_findall(), regex.compile(GPT2_PATTERN).findall
    code_points = [*range(0x10000), *range(0x10000, 0x110000, 7)]
    text = "".join(f"a{c} {c}'{c}\n" for c in map(chr, code_points))
    assert fast(text) == slow(text)


mixed = st.sampled_from(list(" \t\n\x1c\xa0'sldvre1a²éЖ一\U0001d400\U0001d7ce\U0001f600-")) | st.characters()


@settings(deadline=None, max_examples=300)
@given(text=st.text(mixed, max_size=40))
def test_fast_gpt2_splitter_agrees_with_regex_on_mixed_text(text):
    assert gpt2_findall()(text) == regex.compile(GPT2_PATTERN).findall(text)


pieces = st.one_of(st.text(max_size=12), st.just(ENDOFTEXT), st.sampled_from([" ", "\n", "  ", "'s", "123"]))


@settings(deadline=None, max_examples=100)
@given(parts=st.lists(pieces, max_size=8))
def test_gpt2_special_tokens_like_tiktoken(gpt2_bpe, gpt2_encoding, parts):
    text = "".join(parts)
    ids = gpt2_bpe.encode(text, allowed_special="all")
    assert ids == gpt2_encoding.encode(text, allowed_special="all")
    assert gpt2_bpe.decode(ids) == text


def test_lone_surrogate_replaced_like_tiktoken(gpt2_bpe, gpt2_encoding):
    text = "a\ud800b"
    assert gpt2_bpe.encode(text) == gpt2_encoding.encode(text)


# ---------------------------------------------------------------- clear errors


def test_disallowed_special_is_a_clear_error(gpt2_bpe, gpt2_encoding):
    text = "Hello <|endoftext|> world"
    with pytest.raises(ValueError):  # tiktoken's own behaviour, for comparison
        gpt2_encoding.encode(text)
    with pytest.raises(SpecialTokenError, match="allowed_special") as info:
        gpt2_bpe.encode(text)
    assert isinstance(info.value, ValueError)
    assert "disallowed_special=()" in str(info.value) and "50256" in str(info.value)
    assert gpt2_bpe.encode(text, disallowed_special=()) == gpt2_encoding.encode(text, disallowed_special=())


def test_allowed_special_mistakes(gpt2_bpe):
    with pytest.raises(BPEError, match="does not have"):
        gpt2_bpe.encode("hi", allowed_special={"<|endoftext|"})
    with pytest.raises(BPEError, match="not the string"):
        gpt2_bpe.encode("hi", allowed_special=ENDOFTEXT)


def test_encode_and_decode_type_errors(gpt2_bpe):
    with pytest.raises(TypeError, match="must be a str"):
        gpt2_bpe.encode(["hello"])
    with pytest.raises(TypeError, match="list of token ids"):
        gpt2_bpe.decode("15496")
    with pytest.raises(BPEError, match="50257 is not in this tokenizer"):
        gpt2_bpe.decode([15496, 50257])
    with pytest.raises(BPEError, match="ids go from 0 to 50256"):
        gpt2_bpe.decode([-1])
    assert gpt2_bpe.encode("") == [] and gpt2_bpe.decode([]) == ""


def test_segment_errors(verdict_tok):
    with pytest.raises(BPEError, match="merges_used"):
        verdict_tok.segment("text", 10_000)
    with pytest.raises(BPEError, match="step must be"):
        merge_summary(verdict_tok, 0)


# ---------------------------------------------------------------- save and load


def test_save_load_round_trip(tmp_path, verdict, verdict_tok):
    path = verdict_tok.save(tmp_path / "verdict.bpe")
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)  # the standard library reads the file
    assert (data["format"], data["version"], data["byte_ids"]) == ("bpe-tokenizer", 2, "identity")
    assert data["special_tokens"] == {"<|endoftext|>": 999}
    assert len(data["merges"]) == len(verdict_tok.merges)
    first = verdict_tok.merges[0]
    assert f"\n  [{first[0]}, {first[1]}, {verdict_tok.merge_counts[0]}],\n" in text  # one merge a line
    back = BPETokenizer.load(path)
    assert back.merges == verdict_tok.merges
    assert back.merge_counts == verdict_tok.merge_counts
    assert back.special_tokens == verdict_tok.special_tokens
    assert back.encode(verdict) == verdict_tok.encode(verdict)


def test_gpt2_save_load_round_trip(tmp_path, gpt2_bpe, verdict):
    back = BPETokenizer.load(gpt2_bpe.save(tmp_path / "gpt2.bpe"))
    assert back.byte_ids == gpt2_bpe.byte_ids
    assert back.encode(verdict) == gpt2_bpe.encode(verdict)


def test_untrained_tokenizer_round_trip(tmp_path):
    back = BPETokenizer.load(BPETokenizer(pattern=r"\S+").save(tmp_path / "empty.bpe"))
    assert (back.merges, back.pattern, back.special_tokens) == ([], r"\S+", {})


def _good_file(tmp_path) -> str:
    tok = BPETokenizer().train("the cat sat on the mat, the end", 262)
    return tok.save(tmp_path / "good.bpe").read_text(encoding="utf-8")


def _edit(**fields):
    """A change to a saved file: set (or, with None, delete) these top-level fields."""

    def change(text):
        data = json.loads(text)
        for key, value in fields.items():
            if value is None:
                del data[key]
            else:
                data[key] = value
        return json.dumps(data)

    return change


def _last_merge(merge):
    def change(text):
        data = json.loads(text)
        data["merges"][-1] = merge
        return json.dumps(data)

    return change


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s.replace('"version": 2', '"version": 9'), "expected 'bpe-tokenizer' version 2"),
        (lambda s: "bpe-tokenizer 1\npattern \"x\"\n", "older line-based format"),
        (lambda s: "", "not valid JSON"),
        (lambda s: "\n".join(s.split("\n")[:-3]) + "\n", "ends early"),
        (lambda s: s + "1 2 3\n", "unexpected extra text"),
        (lambda s: "[1, 2]", "expected an object"),
        (_edit(merges="five"), "merges must be a list"),
        (_edit(merges=None), "missing field"),
        (_edit(comment="hi"), "unexpected field"),
        (_edit(pattern="["), "valid regex"),
        (_edit(pattern=7), "valid regex"),
        (_edit(byte_ids=[1, 2, 3]), "256 ids"),
        (_edit(byte_ids=[str(i) for i in range(256)]), "256 ids"),
        (_edit(special_tokens={"<|endoftext|>": "261"}), "special"),
        (_edit(special_tokens={"<|endoftext|>": 3}), "special ids"),
        (_last_merge([999, 32, 1]), "only created later"),
        (_last_merge([32, "x", 1]), "three integers"),
        (_last_merge([32, 33]), "three integers"),
    ],
)
def test_malformed_files_are_clear_errors(tmp_path, change, words):
    text = _good_file(tmp_path)
    assert len(json.loads(text)["merges"]) == 5
    bad = tmp_path / "bad.bpe"
    bad.write_text(change(text), encoding="utf-8")
    with pytest.raises(TokenizerFileError, match=words) as info:
        BPETokenizer.load(bad)
    assert isinstance(info.value, ValueError)
    assert str(bad) in str(info.value)
    assert "save the tokenizer again" in str(info.value)


def test_duplicate_merge_is_an_error(tmp_path):
    data = json.loads(_good_file(tmp_path))
    data["merges"][-1] = data["merges"][-2]
    bad = tmp_path / "dup.bpe"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="repeats the pair"):
        BPETokenizer.load(bad)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(TokenizerFileError, match="no tokenizer file"):
        BPETokenizer.load(tmp_path / "nope.bpe")
    binary = tmp_path / "binary.bpe"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(TokenizerFileError, match="not UTF-8"):
        BPETokenizer.load(binary)


# ---------------------------------------------------------------- questions, exercises, widget, plot


def test_first_single_token_word(verdict, verdict_tok):
    word, step = first_single_token_word(verdict_tok, verdict)
    assert (word, step) == (" the", 9)
    assert merge_summary(verdict_tok, step)["new"] == " the"


def test_stepper_widget_driven_from_python(verdict, verdict_tok):
    from helpers.widgets import BPEStepper

    w = BPEStepper(verdict_tok, verdict[:120])
    assert repr(w) == "BPEStepper(merges=743, step=0, passage of 120 chars)"
    assert "Before any merge" in w.view.value
    assert len(w.pieces) == len(verdict[:120].encode())
    w.forward.click()
    assert w.step == 1 and w.summary["new"] == " t"
    assert "Merge 1</b>" in w.view.value and "seen 462 times" in w.view.value
    assert w.view.value.count("t2t-new-token") == w.pieces.count(" t") > 0
    w.slider.value = 743
    assert w.pieces == verdict_tok.pieces(verdict_tok.encode(verdict[:120]))
    w.forward.click()
    assert w.step == 743
    w.slider.value = 0
    w.back.click()
    assert w.step == 0
    w.slider.value = 10_000  # impossible from code: the slider keeps it in range
    assert w.step == 743 and "Merge 743</b>" in w.view.value


def test_stepper_errors(verdict):
    from helpers.widgets import BPEStepper

    with pytest.raises(BPEError, match="trained in this session"):
        BPEStepper(BPETokenizer.gpt2(), "text")
    tok = BPETokenizer().train(verdict, 300)
    with pytest.raises(BPEError, match="step must be"):
        BPEStepper(tok, "text", step=500)
    with pytest.raises(TypeError, match="passage"):
        BPEStepper(tok, "")


def test_tokens_per_word_plot(verdict_tok):
    from helpers.plots import draw_tokens_per_word

    ax = draw_tokens_per_word(tokens_per_word(verdict_tok.log), marks=[0, 100]).axes[0]
    assert ax.get_xlabel() == "number of merges learned"
    assert ax.get_ylabel() == "tokens per word"
    assert len(ax.lines[0].get_xdata()) == 744
    matplotlib.pyplot.close("all")
