"""Reasons in the reader's language: Flask-Babel's translations and locale for the faces.

The engines give reasons as data (:mod:`resource_directory.reasons`); the web pages, the
JSON API and the CLI render them here, with the catalogue compiled in
``resource_directory/translations/`` and the locale Flask-Babel chose (English unless
``BABEL_DEFAULT_LOCALE`` or a locale selector says otherwise). Templates use the
``reason`` filter.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import Babel, get_locale, get_translations

from .reasons import Reason
from .reasons.render import render

#: The compiled message catalogues (``pybabel compile -d`` this folder).
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()


def render_reason(reason: Reason) -> str:
    """A reason's text in the current app's (or request's) language."""
    return render(reason, get_translations(), get_locale() or "en")
