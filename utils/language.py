"""The language utils speaks to the reader: ``"en"`` or ``"zh"``.

A chapter sets it once, next to its imports::

    utils.set_language("zh")

From then on utils' own messages (training progress, the data banner, the
exercise checkers' verdicts) are in that language. The default is English.
"""

LANGUAGES = ("en", "zh")

_language = "en"


def set_language(lang: str) -> None:
    """Make utils speak ``lang``, ``"en"`` or ``"zh"``, for the rest of the session."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f'set_language takes "en" or "zh", got {lang!r}.')
    _language = lang


def get_language() -> str:
    """The language set by :func:`set_language` (``"en"`` until it is called)."""
    return _language


def say(en: str, zh: str) -> str:
    """The text for the current language: ``say("training on", "训练设备：")``."""
    return zh if _language == "zh" else en
