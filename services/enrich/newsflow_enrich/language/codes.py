"""Language codes as newsflow stores them: the short BCP-47 primary language subtag.

Detectors and HTML ``lang`` attributes speak several dialects of language codes: ISO 639-1 ("en"), ISO 639-2/3
("ara", "fre", "fas"), deprecated codes ("iw"), individual languages of a macrolanguage ("arz" Egyptian Arabic,
"sdh" Southern Kurdish, "pes" Iranian Persian) and tags with region or script ("pt-BR", "zh_Hant").
Downstream readers query one code per language ("Arabic coverage of Raqqa" is ``language = 'ar'``), so every
code is folded to the macrolanguage's shortest BCP-47 subtag (RFC 5646 §4.1: "use the shortest available
subtag"; macrolanguage table of ISO 639-3).
"""

from __future__ import annotations

# Codes that are not a language: "zxx" is "no linguistic content", "und" undetermined, "mul" multiple, "mis" uncoded.
NOT_A_LANGUAGE = frozenset({"zxx", "und", "mul", "mis"})

# Deprecated codes some detectors and old pages still emit → their current form (IANA subtag registry).
_DEPRECATED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr"}

# Individual languages and varieties → the macrolanguage articles are kept under. The Kurdish varieties are one
# "ku" (py3langid calls Sorani text "sdh"); Norwegian "no" is written Bokmål ("nb") in nearly all news; the
# Arabic varieties py3langid knows (Egyptian, Moroccan) are Arabic to a reader searching Arabic coverage.
_MACROLANGUAGE = {
    "sdh": "ku", "ckb": "ku", "kmr": "ku", "kur": "ku",
    "no": "nb", "nor": "nb", "nob": "nb",
    "arb": "ar", "arz": "ar", "ary": "ar", "apc": "ar", "ajp": "ar", "acm": "ar", "afb": "ar", "ara": "ar",
    "pes": "fa", "prs": "fa", "fas": "fa", "per": "fa",
    "zsm": "ms", "msa": "ms", "may": "ms",
    "cmn": "zh", "wuu": "zh", "yue": "zh", "zho": "zh", "chi": "zh",
    "uzs": "uz", "uzn": "uz", "ekk": "et", "lvs": "lv", "swh": "sw", "npi": "ne", "ory": "or", "gug": "gn",
    "azj": "az", "azb": "az", "plt": "mg", "khk": "mn", "pbt": "ps", "pbu": "ps", "urd": "ur", "heb": "he",
}  # fmt: skip

# ISO 639-2 (B and T) codes of languages that have a two-letter code, for pages that declare lang="eng".
_ISO639_2 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it", "por": "pt",
    "rus": "ru", "tur": "tr", "nld": "nl", "dut": "nl", "pol": "pl", "ukr": "uk", "ell": "el", "gre": "el",
    "hin": "hi", "ben": "bn", "jpn": "ja", "kor": "ko", "vie": "vi", "tha": "th", "ind": "id", "swe": "sv",
    "dan": "da", "fin": "fi", "ces": "cs", "cze": "cs", "ron": "ro", "rum": "ro", "hun": "hu", "bul": "bg",
    "srp": "sr", "hrv": "hr", "bos": "bs", "slk": "sk", "slo": "sk", "slv": "sl", "sqi": "sq", "alb": "sq",
    "hye": "hy", "arm": "hy", "kat": "ka", "geo": "ka", "aze": "az", "kaz": "kk", "uzb": "uz", "pus": "ps",
    "som": "so", "amh": "am", "swa": "sw", "hau": "ha", "cat": "ca", "eus": "eu", "baq": "eu", "glg": "gl",
}  # fmt: skip


def normalize_language_code(code: str | None) -> str | None:
    """A language code as a short BCP-47 language subtag ("EN" → "en", "iw" → "he", "sdh" → "ku", "no" → "nb").

    Region and script subtags are dropped ("pt-BR" → "pt", "zh_Hant" → "zh"): articles are kept per language.
    None for empty input, non-languages ("zxx", "und") and things that are not a code at all ("english").
    """
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-", 1)[0].lower()
    if (
        not primary.isascii()
        or not primary.isalpha()
        or not 2 <= len(primary) <= 3
        or primary in NOT_A_LANGUAGE
    ):
        return None
    primary = _DEPRECATED.get(primary, primary)
    primary = _ISO639_2.get(primary, primary)
    return _MACROLANGUAGE.get(primary, primary)
