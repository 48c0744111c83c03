"""helpers speaks the learner's language: its catalogue matches its code, and the language is chosen
by ``TEXT_TO_TENSORS_LANGUAGE`` at every call.

The strings are found the way translators find them: Babel's extractor over ``helpers/`` (every
``_()``, ``ngettext()`` and ``N_()``), compared with ``helpers/locale/zh_CN/LC_MESSAGES/helpers.po``.
"""

from __future__ import annotations

import functools
import re
import string
import warnings
from html import unescape
from pathlib import Path

import matplotlib
import polib
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from helpers import i18n

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = i18n.catalogue_path("zh_CN")
CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def code_messages() -> dict[str, str | None]:
    """msgid -> msgid_plural (None for a singular message) of every marked string in helpers/."""
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / "helpers", method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS):
        singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        found[singular] = plural
        assert singular, f"an empty message is marked in {filename}"
    return found


@functools.cache
def entries() -> tuple[polib.POEntry, ...]:
    return tuple(e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete)


def fields(text: str) -> list[str]:
    """The format fields of ``text`` as written ("{n_tokens:,}", "{call!r}"), sorted."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # not a format string (a literal brace in a plain message)
        return sorted(re.findall(r"\{[^{}]*\}", text))
    return sorted("{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
                  for _literal, name, spec, conv in parsed if name is not None)


def test_every_string_in_the_code_is_in_the_catalogue():
    in_catalogue = {e.msgid: e.msgid_plural or None for e in entries()}
    missing = [m for m in code_messages() if m not in in_catalogue]
    assert not missing, (f"{len(missing)} string(s) of helpers/ are not in {CATALOGUE.name}: {missing[:5]}. "
                         "Fix: make helpers-catalogue, then translate them.")
    wrong_plural = [m for m, plural in code_messages().items() if in_catalogue[m] != plural]
    assert not wrong_plural, f"the plural forms differ from the code for {wrong_plural[:5]}"


def test_the_catalogue_holds_no_entry_the_code_no_longer_has():
    stale = [e.msgid for e in entries() if e.msgid not in code_messages()]
    assert not stale, (f"{len(stale)} entr(ies) of {CATALOGUE.name} are no longer in helpers/: {stale[:5]}. "
                       "Fix: make helpers-catalogue.")


def test_every_entry_is_translated_and_none_is_fuzzy():
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy translation(s) (the English changed): {fuzzy[:5]}"
    empty = [e.msgid for e in entries()
             if not (e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values())))]
    assert not empty, f"{len(empty)} untranslated string(s): {empty[:5]}"


def test_translations_keep_the_placeholders_of_the_english():
    for e in entries():
        for translated in [e.msgstr] + list(e.msgstr_plural.values()):
            if translated:
                assert fields(translated) == fields(e.msgid), (
                    f"placeholders differ: {e.msgid!r} has {fields(e.msgid)}, the translation "
                    f"{translated!r} has {fields(translated)}")


def test_the_chinese_catalogue_says_it_has_one_plural_form():
    # Chinese has no plural: without this header gettext would look for a second form and fall back
    # to English for every count but 1.
    assert "nplurals=1" in polib.pofile(str(CATALOGUE)).metadata.get("Plural-Forms", "")


# --- choosing the language ---

def translated(msgid: str) -> str:
    return next(e.msgstr for e in entries() if e.msgid == msgid)


def test_the_language_is_read_at_every_call(monkeypatch):
    msgid = "How stride moves the window"
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    assert i18n.gettext(msgid) == msgid
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")
    assert i18n.gettext(msgid) == translated(msgid) != msgid
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "en")
    assert i18n.gettext(msgid) == msgid


def test_chinese_has_one_form_for_every_count(monkeypatch):
    entry = next(e for e in entries() if e.msgid_plural)
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")
    for n in (1, 2, 5):
        assert i18n.ngettext(entry.msgid, entry.msgid_plural, n) == entry.msgstr_plural[0]
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE)
    assert i18n.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgid
    assert i18n.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgid_plural


def test_an_unknown_language_warns_once_naming_the_choices_then_speaks_english(monkeypatch):
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "xx_UNKNOWN_FOR_THIS_TEST")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert i18n.gettext("How stride moves the window") == "How stride moves the window"
        assert i18n.gettext("never a target") == "never a target"
    said = [str(w.message) for w in caught if issubclass(w.category, i18n.LanguageWarning)]
    assert len(said) == 1, said
    assert "xx_UNKNOWN_FOR_THIS_TEST" in said[0] and "zh_CN" in said[0] and "en" in said[0]


# --- a Chinese run shows Chinese ---

# ASCII words a Chinese figure or message may keep: identifiers, code, names and units.
IDENTIFIERS = {
    "max_length", "stride", "batch_size", "drop_last", "shuffle", "id", "ids", "x", "y", "b", "d", "m", "n",
    "p", "i", "k", "q", "N", "w_i", "pi", "sqrt", "RoPE", "GPT", "BPE", "PCA", "token_embeddings",
    "pos_embeddings",
    "input_embeddings", "Vaswani", "et", "al", "tiktoken", "Word2Vec", "True", "False", "range", "split_text",
    "re", "set", "len", "lookup", "shape", "weight", "torch", "nn", "Embedding", "one_hot", "float",
}


def english_words(text: str, allowed: set[str]) -> list[str]:
    words = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text)
    return [w for w in words if w not in IDENTIFIERS and w not in allowed and not w.isdigit()]


def figure_texts(fig) -> list[str]:
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return [t for t in texts if t.strip()]


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")


def test_a_chinese_figure_has_chinese_titles_labels_and_legends(chinese):
    import matplotlib.pyplot as plt

    from helpers.plots import draw_stride_comparison, draw_tokens_per_word
    from helpers.windows import first_windows, target_mask

    settings = {"max_length=4, stride=6": (first_windows(30, 4, 6), target_mask(30, 4, 6, range(30)))}
    for fig in (draw_stride_comparison(settings, 30),
                draw_tokens_per_word([1.5, 1.3, 1.2, 1.1], marks=[2], floor=1.0)):
        texts = figure_texts(fig)
        assert any(CJK.search(t) for t in texts), texts
        leftovers = [w for t in texts for w in english_words(t, {"max_length", "stride"})]
        assert not leftovers, f"English left in a Chinese figure: {leftovers}"
        plt.close(fig)


def test_a_chinese_explorer_speaks_chinese(chinese):
    from helpers.html_views import sliding_windows_html
    from helpers.sampling import explore_windows, prepare_explorer_text

    text = prepare_explorer_text(" ".join(str(i) for i in range(40)), None)
    html = sliding_windows_html(explore_windows(text, 4, 6, 2, shuffle=False, drop_last=True,
                                                batch_index=0, seed=123))
    visible = unescape(re.sub(r"<[^>]+>", " ", html))
    assert CJK.search(visible)
    leftovers = english_words(visible, {"tensor"})
    assert not leftovers, f"English left in the Chinese explorer: {sorted(set(leftovers))}"


def test_chinese_exercise_feedback_is_chinese(chinese):
    from helpers.exercises import check_never_targets_toy, check_windows_and_batches

    for feedback in (check_never_targets_toy(...), check_never_targets_toy([0]),
                     check_windows_and_batches((1, 1))):
        shown = repr(feedback)
        assert CJK.search(shown), shown
        assert not english_words(shown, set()), f"English left in Chinese feedback: {shown}"


def test_figure_titles_of_the_notebooks_follow_the_language(monkeypatch):
    from helpers.captions import TITLES, figure_title

    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    english = figure_title("word-map", method="PCA", count=12)
    assert english == "PCA of 12 word vectors: which groups sit apart?"
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")
    for key in TITLES:
        assert CJK.search(figure_title(key, method="PCA", count=12, name="x", n_bytes=3, n_tokens=2)), key
    with pytest.raises(KeyError, match="Fix: use one of"):
        figure_title("no-such-title")


def test_printed_labels_of_the_notebooks_follow_the_language(monkeypatch):
    from helpers.captions import label

    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    assert label("toy samples: {count}", count=17) == "toy samples: 17"
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")
    chinese = label("toy samples: {count}", count=17)
    assert CJK.search(chinese) and "17" in chinese
    with pytest.raises(KeyError, match="Fix: add it to LABELS"):
        label("a label nobody registered")


def test_a_printed_table_heading_lines_up_in_both_languages(monkeypatch):
    # a Chinese character takes two columns: padding by characters, as f"{text:>9}" does, would push a
    # Chinese heading past the numbers under it
    from helpers.captions import column, label

    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    assert column(label("words"), 9) == f"{'words':>9}"
    assert column(label("model"), 13, "<") == f"{'model':<13}"
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")
    heading = column(label("words"), 9)
    assert CJK.search(heading)
    assert len(heading) + len(CJK.findall(heading)) == 9  # 9 columns wide, as the numbers under it
    assert column("词元ID", 2) == "词元ID"  # too long: kept whole, never cut
    with pytest.raises(ValueError, match="use '>'"):
        column("id", 4, "^")


def test_use_language_sets_the_language_for_this_process_and_refuses_an_unknown_one(monkeypatch):
    from helpers.i18n import ENVIRONMENT_VARIABLE, current_language, use_language

    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert use_language("zh_CN") is None  # nothing to print: an app's first line shows no output
    assert current_language() == "zh_CN"
    use_language("en")
    assert current_language() == "en"
    with pytest.raises(ValueError, match="Fix: use one of zh_CN"):
        use_language("zh_TW")
    assert current_language() == "en", "a refused language changes nothing"


def test_the_chinese_positions_explorer_names_its_kind_in_chinese(chinese):
    from helpers.widgets import PositionsExplorer

    explorer = PositionsExplorer(kind="rotary", context_length=16, dim=8)
    alt = re.search(r"aria-label='([^']*)'", explorer.figure.value)
    assert alt and translated("rotary") in alt.group(1) and "rotary" not in alt.group(1), alt


def test_the_chinese_playground_explains_an_unknown_word_in_chinese(chinese):
    # The tokenizer playground shows this message in its SimpleTokenizerV1 row.
    from helpers.tokenizers import SimpleTokenizerV1, UnknownTokenError

    with pytest.raises(UnknownTokenError) as info:
        SimpleTokenizerV1({"a": 0, "cat": 1}).encode("a dog")
    shown = str(info.value)
    assert CJK.search(shown) and "'dog'" in shown and "SimpleTokenizerV2" in shown, shown
    assert not english_words(shown, {"dog", "SimpleTokenizerV1", "SimpleTokenizerV2", "unk"}), shown


def test_the_chinese_context_length_error_gives_its_fix_in_chinese(chinese):
    # 08's Common mistakes shows this message as the helpful one.
    import torch

    from helpers.embeddings import ContextLengthError, GPTInputEmbedding

    with pytest.raises(ContextLengthError) as info:
        GPTInputEmbedding(10, 4, 8)(torch.zeros(1, 6, dtype=torch.long))
    shown = str(info.value)
    assert CJK.search(shown) and "context_length=4" in shown and "6" in shown, shown
    assert not english_words(shown, {"context_length"}), shown


def test_word_groups_are_named_in_the_learners_language_and_chosen_by_their_english_key(chinese):
    from helpers.word_maps import CANDIDATE_GROUPS, group_name

    for key in CANDIDATE_GROUPS:
        assert CJK.search(group_name(key)), key
    assert group_name("my own words") == "my own words"  # a learner's own group is shown as named
