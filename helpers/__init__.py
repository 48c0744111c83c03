"""Text to Tensors: the small package the notebooks share.

One module per idea, in the order the data flows (text -> tokens -> ids -> windows -> tensors ->
vectors -> pictures). Names are loaded on first use, so ``import helpers`` stays quick.

Importing ``helpers`` also lets the notes' own line ``tiktoken.get_encoding("gpt2")`` work with no
network (see ``helpers.gpt2``).
"""

from importlib import import_module

from . import gpt2 as _gpt2

_gpt2.install()

# public name -> module that defines it
_EXPORTS = {
    # corpora
    "load_verdict": "corpora",
    "load_wiki_text": "corpora",
    "wiki_articles": "corpora",
    "analogy_questions_path": "corpora",
    # gpt2
    "gpt2_bpe_files": "gpt2",
    # exercises
    "Feedback": "exercises",
}


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = sorted(_EXPORTS)
