"""Word-level tokenizers (notebooks 02-04) and the tokenizer playground's re-render time.

The playground re-tokenizes on every key press (four tokenizers, then HTML), so its Python time per
change is what a learner feels; goal 30 ms, like the other explorers. The whole-story rows show that
the documented whitespace rules in ``decode`` cost little next to the book's one regular expression.
"""

from __future__ import annotations

import re

from benchmarks.common import Row, best_time, change_times, explorer_row, ratio
from helpers.corpora import load_verdict
from helpers.tokenizers import SimpleTokenizerV1, SimpleTokenizerV2, split_text, verdict_vocab


def _book_decode(int_to_str, ids):
    text = " ".join(int_to_str[i] for i in ids)
    return re.sub(r'\s+([,.?!"()\'])', r"\1", text)


def rows() -> list[Row]:
    from helpers.widgets import TokenizerPlayground

    text = load_verdict()
    v1 = SimpleTokenizerV1(verdict_vocab(special_tokens=False))
    v2 = SimpleTokenizerV2(verdict_vocab())
    ids = v1.encode(text)
    out = []
    t_split = best_time(lambda: split_text(text), 5)
    out.append(Row("split_text, The Verdict (4690 tokens)", f"{t_split * 1e3:.1f} ms"))
    t_v1 = best_time(lambda: v1.encode(text), 5)
    t_v2 = best_time(lambda: v2.encode(text), 5)
    out.append(Row("SimpleTokenizerV1.encode, The Verdict", f"{t_v1 * 1e3:.1f} ms"))
    out.append(Row("SimpleTokenizerV2.encode, The Verdict", f"{t_v2 * 1e3:.1f} ms"))
    t_dec = best_time(lambda: v1.decode(ids), 5)
    t_book = best_time(lambda: _book_decode(v1.int_to_str, ids), 5)
    out.append(Row("decode 4690 ids (ours vs the book's rule)", f"{t_dec * 1e3:.1f} ms",
                   f"{t_book * 1e3:.1f} ms", f"{ratio(t_dec, t_book):.2f}x"))

    playground = TokenizerPlayground(text="Hello, do you like tea?")
    sentences = ["It's the last he painted, you know,", "Hello--world, someunknownPlace", "I HAD always"]
    edits = [lambda v=v: setattr(playground.text, "value", v) for v in sentences]
    out.append(explorer_row("tokenizer playground re-render (one edit of the text)", change_times(edits, 5)))
    return out
