"""helpers.corpora: the-verdict from cache, mirror or URL, always sha256-checked; the Wikipedia sample."""

from __future__ import annotations

import hashlib
import urllib.error
from pathlib import Path

import pytest

from helpers import corpora

GOOD_SHA = corpora.VERDICT_SHA256


@pytest.fixture
def good_text(verdict) -> bytes:
    return verdict.encode("utf-8")


@pytest.fixture
def mirror(tmp_path, good_text) -> Path:
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / corpora.VERDICT_NAME).write_bytes(good_text)
    return folder


@pytest.fixture
def no_download(monkeypatch):
    """Record download attempts and make them fail as they do offline."""
    attempts = []

    def fake(url, timeout=30.0):
        attempts.append(url)
        raise urllib.error.URLError("offline in this test")

    monkeypatch.setattr(corpora, "_download", fake)
    return attempts


def test_verdict_is_the_notes_story(verdict):
    assert len(verdict) == corpora.VERDICT_CHARS == 20479
    assert hashlib.sha256(verdict.encode("utf-8")).hexdigest() == GOOD_SHA
    assert verdict.startswith("I HAD always thought Jack Gisburn")


def test_mirror_fills_an_empty_cache(tmp_path, mirror, no_download):
    cache = tmp_path / "cache"
    text = corpora.load_verdict(cache_dir=cache, mirror=mirror)
    assert len(text) == 20479
    assert (cache / corpora.VERDICT_NAME).read_bytes() == (mirror / corpora.VERDICT_NAME).read_bytes()
    assert no_download == []


def test_mirror_comes_from_the_environment_variable(tmp_path, mirror, no_download, monkeypatch):
    monkeypatch.setenv(corpora.MIRROR_ENV, str(mirror))
    assert len(corpora.load_verdict(cache_dir=tmp_path / "cache")) == 20479


def test_cache_is_used_before_mirror_and_network(tmp_path, good_text, no_download):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / corpora.VERDICT_NAME).write_bytes(good_text)
    assert len(corpora.load_verdict(cache_dir=cache, mirror=tmp_path / "nowhere")) == 20479
    assert no_download == []


def test_corrupted_cache_is_not_used_and_is_repaired(tmp_path, good_text, mirror, no_download):
    cache = tmp_path / "cache"
    cache.mkdir()
    damaged = good_text.replace(b"Gisburn", b"Gisbvrn", 1)
    (cache / corpora.VERDICT_NAME).write_bytes(damaged)
    text = corpora.load_verdict(cache_dir=cache, mirror=mirror)
    assert "Gisbvrn" not in text
    assert (cache / corpora.VERDICT_NAME).read_bytes() == good_text


def test_truncated_cache_without_any_source_is_a_clear_error(tmp_path, good_text, no_download):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / corpora.VERDICT_NAME).write_bytes(good_text[:1000])
    with pytest.raises(corpora.DataError) as info:
        corpora.load_verdict(cache_dir=cache, mirror=tmp_path / "empty-mirror")
    message = str(info.value)
    assert "damaged" in message
    assert corpora.VERDICT_URL in message
    assert corpora.MIRROR_ENV in message
    assert GOOD_SHA in message
    assert no_download == [corpora.VERDICT_URL]
    # the damaged copy is left for the user to inspect, never replaced by something unchecked
    assert (cache / corpora.VERDICT_NAME).read_bytes() == good_text[:1000]


def test_wrong_mirror_copy_is_never_cached(tmp_path, good_text, no_download):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / corpora.VERDICT_NAME).write_bytes(good_text + b"extra")
    cache = tmp_path / "cache"
    with pytest.raises(corpora.DataError, match="wrong sha256"):
        corpora.load_verdict(cache_dir=cache, mirror=mirror)
    assert not (cache / corpora.VERDICT_NAME).exists()
    assert not cache.exists() or list(cache.iterdir()) == []


def test_download_is_checked_and_cached(tmp_path, good_text, monkeypatch):
    calls = []

    def fake(url, timeout=30.0):
        calls.append(url)
        return good_text

    monkeypatch.setattr(corpora, "_download", fake)
    monkeypatch.delenv(corpora.MIRROR_ENV, raising=False)
    cache = tmp_path / "cache"
    assert len(corpora.load_verdict(cache_dir=cache)) == 20479
    assert calls == [corpora.VERDICT_URL]
    assert (cache / corpora.VERDICT_NAME).read_bytes() == good_text


def test_bad_download_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(corpora, "_download", lambda url, timeout=30.0: b"<html>rate limited</html>")
    monkeypatch.delenv(corpora.MIRROR_ENV, raising=False)
    cache = tmp_path / "cache"
    with pytest.raises(corpora.DataError, match="wrong sha256") as info:
        corpora.load_verdict(cache_dir=cache)
    assert "no offline mirror is set" in str(info.value)
    assert not (cache / corpora.VERDICT_NAME).exists()


def test_real_download_is_blocked_in_tests_and_reported(tmp_path, monkeypatch):
    """With no cache and no mirror, the (blocked) network attempt is named in the error."""
    monkeypatch.delenv(corpora.MIRROR_ENV, raising=False)
    with pytest.raises(corpora.DataError, match="download from https://raw.githubusercontent.com"):
        corpora.load_verdict(cache_dir=tmp_path / "cache")


def test_interrupted_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"

    class Boom(Exception):
        pass

    real_replace = corpora.os.replace

    def failing_replace(src, dst):
        raise Boom

    monkeypatch.setattr(corpora.os, "replace", failing_replace)
    with pytest.raises(Boom):
        corpora.write_atomically(target, b"data")
    monkeypatch.setattr(corpora.os, "replace", real_replace)
    assert list(tmp_path.iterdir()) == []


def test_wiki_sample_is_real_text():
    text = corpora.load_wiki_text()
    articles = corpora.wiki_articles()
    words = text.split()
    assert 400_000 < len(words) < 600_000
    assert len(articles) > 50
    assert all(len(a.split()) >= 50 for a in articles)
    assert "[[" not in text and "{{" not in text  # wiki markup removed


def test_wiki_cache_is_rebuilt_when_damaged(tmp_path):
    good = corpora.load_wiki_text()
    for name in (corpora.WIKI_TEXT_NAME, corpora.WIKI_TEXT_NAME + ".source"):
        (tmp_path / name).write_bytes((corpora.DATA_DIR / name).read_bytes())
    (tmp_path / corpora.WIKI_TEXT_NAME).write_text("tampered", encoding="utf-8")
    assert corpora.load_wiki_text(cache_dir=tmp_path) == good
    assert (tmp_path / corpora.WIKI_TEXT_NAME).read_text(encoding="utf-8") == good


def test_analogy_questions_are_found():
    path = corpora.analogy_questions_path()
    lines = path.read_text().splitlines()
    assert lines[0].startswith(": capital-common-countries")
    assert len(lines) > 19_000


def test_missing_gensim_test_data_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(corpora, "_gensim_test_data", lambda: tmp_path)
    with pytest.raises(corpora.DataError, match="pip install --force-reinstall gensim"):
        corpora.analogy_questions_path()
    with pytest.raises(corpora.DataError, match="enwiki"):
        corpora.wiki_dump_path()


@pytest.fixture
def prepared(monkeypatch):
    """Which of the two preparations main() asked for (both replaced by quick fakes)."""
    calls = []

    def fake_verdict():
        calls.append("verdict")
        return "x" * 20479

    def fake_wiki():
        calls.append("wiki")
        return "one two" + corpora.ARTICLE_SEPARATOR + "three"

    monkeypatch.setattr(corpora, "load_verdict", fake_verdict)
    monkeypatch.setattr(corpora, "load_wiki_text", fake_wiki)
    return calls


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ["verdict", "wiki"]),
    (["verdict"], ["verdict"]),
    (["wiki"], ["wiki"]),
    (["wiki", "verdict"], ["verdict", "wiki"]),
])
def test_main_prepares_the_parts_asked_for(prepared, capsys, argv, expected):
    # `make lab` prepares the story first and the Wikipedia sample in the background: `verdict`, `wiki`.
    assert corpora.main(argv) == 0
    assert prepared == expected
    out = capsys.readouterr().out
    assert ("the-verdict.txt: 20479 characters" in out) == ("verdict" in expected)
    assert ("Wikipedia sample: 3 words in 2 articles" in out) == ("wiki" in expected)


def test_main_refuses_an_unknown_part_and_prepares_nothing(prepared, capsys):
    assert corpora.main(["verdict", "wikipedia"]) == 2
    assert prepared == []
    out = capsys.readouterr().out
    assert "unknown part wikipedia; usage: python -m helpers.corpora [verdict] [wiki]" in out


def test_main_reports_a_data_error_with_its_fix(monkeypatch, capsys):
    def missing():
        raise corpora.DataError("gensim is not installed ... Fix: `pip install gensim`")

    monkeypatch.setattr(corpora, "load_wiki_text", missing)
    assert corpora.main(["wiki"]) == 1
    assert capsys.readouterr().out.startswith("error: gensim is not installed")
