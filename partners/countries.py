"""Countries as ISO 3166-1 alpha-2 codes, named in Vietnamese and English, and read back from either name.

django-countries names the countries in both languages; where its Vietnamese is not what an official letter
writes, or wrong, our catalogue's name replaces it ("Hoa Kỳ" rather than "Hợp chủng quốc Hoa Kỳ"). A country typed in a
file or recorded as free text is found by its code, by its name in either language, or by a name people
write that no list holds ("Mỹ", "USA", "Anh").
"""
import unicodedata
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import Countries
from django_countries.data import COUNTRIES as OFFICIAL_NAMES


class CountryList(Countries):
    # Names our catalogue gives in Vietnamese: the official letter's usage; those django-countries' Vietnamese gets
    # wrong (Iceland as "Ai-len", Jersey as "Áo", Niger as "Nigeria", Eswatini as "Tiếng Swaziland", Réunion as
    # "Đoàn tụ", Saint Lucia as "Thánh Lucia"); and old transcriptions ("Ăng-gô-la") where letters now write the name.
    override = {
        "US": _("United States"),
        "KP": _("North Korea"),
        "CZ": _("Czechia"),
        "IS": _("Iceland"),
        "JE": _("Jersey"),
        "NE": _("Niger"),
        "SZ": _("Eswatini"),
        "RE": _("Réunion"),
        "BL": _("Saint Barthélemy"),
        "SH": _("Saint Helena"),
        "LC": _("Saint Lucia"),
        "PS": _("Palestine"),
        "LY": _("Libya"),
        "SO": _("Somalia"),
        "MD": _("Moldova"),
        "MW": _("Malawi"),
        "AO": _("Angola"),
        "BY": _("Belarus"),
        "CL": _("Chile"),
        "YE": _("Yemen"),
    }


    def __iter__(self):
        # django-countries sorts by the Unicode collation, where Đ is a D with a mark and Ă, Â an A: Vietnamese
        # readers look for Đức after Dominica, and Ấn Độ after Angola.
        listed = list(super().__iter__())
        if translation.get_language() == "vi":
            listed.sort(key=lambda country: vietnamese_order(country.name))
        yield from listed


def vietnamese_order(text):
    """A sort key in the order of the Vietnamese alphabet (a ă â b c d đ e ê …), tones deciding only between
    words otherwise equal (ngang, huyền, hỏi, ngã, sắc, nặng)."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", str(text).casefold()):
        if not unicodedata.combining(char):
            letters.append(char)
        elif letters and (letters[-1], char) in LETTER_MARKS:
            letters[-1] = LETTER_MARKS[letters[-1], char]
        elif char in TONES:
            tones.append((len(letters), TONES[char]))
    return [ALPHABET.index(c) if c in ALPHABET else 100 + ord(c) if c.isalnum() else -1 for c in letters], tones


ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER_MARKS = {
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

countries = CountryList()

# Names in use that neither language's list holds, folded (``_folded``).
ALIASES = {
    "my": "US", "hoa ky": "US", "usa": "US", "us": "US", "america": "US",
    "anh": "GB", "uk": "GB", "england": "GB", "great britain": "GB", "vuong quoc anh": "GB",
    "han quoc": "KR", "nam han": "KR", "korea": "KR", "republic of korea": "KR",
    "trieu tien": "KP", "bac trieu tien": "KP",
    "cong hoa sec": "CZ", "sec": "CZ", "czech": "CZ", "czech republic": "CZ",
    "holland": "NL",
    "uc": "AU", "duc": "DE", "phap": "FR", "bi": "BE", "thuy si": "CH", "thuy dien": "SE", "nhat": "JP", "nhat ban": "JP",
}


def _folded(text):
    """Lower case, single spaces, without diacritics (đ as d): "Thụy Sĩ", "THUY SI" and "Thuỵ Sỹ" differ too little to matter."""
    text = unicodedata.normalize("NFD", " ".join(str(text).split()).casefold().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).replace("y", "i")


@lru_cache(maxsize=1)
def _codes_by_name():
    found = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for country in countries:
                names = [country.name, OFFICIAL_NAMES.get(country.code, ""), *countries.shadowed_names.get(country.code, [])]
                for name in names:
                    if name:
                        found.setdefault(_folded(name), country.code)
    for alias, code in ALIASES.items():
        found.setdefault(_folded(alias), code)
    return found


def country_code(text):
    """The alpha-2 code of a country given by its code (alpha-2 or alpha-3) or a name in either language; "" for
    no text; None when the text names no country."""
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    if len(text) in (2, 3) and text.isascii() and text.isalpha():
        code = countries.alpha2(text.upper())
        if code:
            return code
    return _codes_by_name().get(_folded(text))


def recode_countries(model, field):
    """Free-text countries of ``model.field`` replaced by their codes, in a data migration, one UPDATE per value.

    A value that names no country stops the migration with the list of such values, rather than being lost:
    correct them (or add the name to ALIASES) and migrate again.
    """
    values = model.objects.exclude(**{field: ""}).order_by().values_list(field, flat=True).distinct()
    unknown = []
    for value in values:
        code = country_code(value)
        if code is None:
            unknown.append(value)
        elif code != value:
            model.objects.filter(**{field: value}).update(**{field: code})
    if unknown:
        raise ValueError(
            f"{model._meta.db_table}.{field}: no country is named {', '.join(repr(value) for value in sorted(unknown))}. "
            "Correct these values, or add the names to partners.countries.ALIASES, and migrate again."
        )
