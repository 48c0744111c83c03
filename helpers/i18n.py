"""The language of what helpers show a learner: figure titles, labels, lessons, exercise feedback.

Every user-facing string in helpers goes through ``gettext``, imported as ``_`` (or ``ngettext``
where English has a singular and a plural), with the English text as the message id:

    from .i18n import gettext as _
    ax.set_title(_("Each merge makes the text shorter in tokens"))
    _("{count} tokens").format(count=len(pieces))

The language is read from the environment variable ``TEXT_TO_TENSORS_LANGUAGE`` at every call, so a
notebook's first line ``from helpers.i18n import use_language; use_language("zh_CN")`` switches
everything drawn after it:

* unset, empty or ``en``: English (the message ids themselves, unchanged);
* ``zh_CN``: Chinese, from ``helpers/locale/zh_CN/LC_MESSAGES/helpers.po``;
* anything else: one warning naming the supported values, then English.

The catalogue is the gettext ``.po`` file itself, read with polib and handed to the standard
library's ``gettext.GNUTranslations`` (which does the lookups and the plural rules): no compiled
``.mo`` is committed and no build step is needed before a notebook runs. Error messages meant for
programmers (exceptions) stay English and do not go through here.
"""

from __future__ import annotations

import functools
import gettext as stdlib_gettext
import io
import os
import warnings
from pathlib import Path

ENVIRONMENT_VARIABLE = "TEXT_TO_TENSORS_LANGUAGE"
DOMAIN = "helpers"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = ("", "en")  # the values that mean English, the default
LANGUAGES = ("zh_CN",)  # the languages with a catalogue in LOCALE_DIR


class LanguageWarning(UserWarning):
    """``TEXT_TO_TENSORS_LANGUAGE`` names a language helpers have no catalogue for."""


def catalogue_path(language: str) -> Path:
    """Where the catalogue of ``language`` lives: ``locale/<language>/LC_MESSAGES/helpers.po``."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """The translations of ``language`` (read once per process); English is ``NullTranslations``."""
    if language not in LANGUAGES:
        return stdlib_gettext.NullTranslations()
    import polib

    catalogue = polib.pofile(str(catalogue_path(language)))
    # GNUTranslations reads the compiled form; polib makes it in memory, so nothing binary is stored.
    return stdlib_gettext.GNUTranslations(io.BytesIO(catalogue.to_binary()))


@functools.cache
def _warn_unknown(value: str) -> None:
    warnings.warn(
        f"{ENVIRONMENT_VARIABLE}={value!r} is not a language helpers speak; showing English. "
        f"Supported values: {', '.join(LANGUAGES)}, or en (or unset) for English.",
        LanguageWarning, stacklevel=4)


def current_language() -> str:
    """The language asked for now: ``"en"`` or one of ``LANGUAGES`` (an unknown value warns once)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if value in ENGLISH:
        return "en"
    if value not in LANGUAGES:
        _warn_unknown(value)
        return "en"
    return value


def use_language(language: str) -> None:
    """Speak ``language`` from now on in this process (and in processes it starts, such as DataLoader
    workers): ``"zh_CN"``, or ``"en"`` for English. Sets ``TEXT_TO_TENSORS_LANGUAGE``; prints nothing,
    so an app's first line shows no output."""
    if language not in LANGUAGES + ENGLISH:
        raise ValueError(f"use_language({language!r}): helpers have no catalogue for that language. "
                         f"Fix: use one of {', '.join(LANGUAGES)}, or 'en' for English.")
    os.environ[ENVIRONMENT_VARIABLE] = language


def gettext(message: str) -> str:
    """``message`` (English) in the current language."""
    return translations(current_language()).gettext(message)


def gettext_noop(message: str) -> str:
    """``message`` unchanged: marks English made once at import (a constant) for the catalogue; the
    code that shows it passes it through ``gettext`` then."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (English, chosen by ``n``) in the current language."""
    return translations(current_language()).ngettext(singular, plural, n)
