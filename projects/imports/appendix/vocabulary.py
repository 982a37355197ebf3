"""The words and numbers of an appendix as socaid and the provinces write them: what heads each column, what labels
the grand total, how sectors and projects are numbered.

Words are compared folded (lower case, no diacritics, punctuation as spaces: see ``fold_words``) and whole.
"""
import re

from projects.imports.values import clean_text
from socaid.text import fold

# Header words, folded (lower case, no diacritics, punctuation as spaces), matched as whole words.
# A column takes the first role, in this order, whose words it contains: the amounts come last because
# "viện trợ" and "tổng" also appear in other headers ("Chủ khoản viện trợ").
HEADER_WORDS = {
    "name": {
        "vi": ["ten du an", "ten chuong trinh", "ten cong trinh", "ten de an", "ten hang muc", "du an de xuat"],
        "en": ["project name", "name of project", "name of the project", "project title"],
    },
    "agency": {
        "vi": ["chu khoan", "co quan chu tri", "don vi chu tri", "co quan chu quan", "chu du an", "co quan de xuat",
               "don vi de xuat", "co quan thuc hien", "don vi thuc hien", "chu dau tu"],
        "en": ["host agency", "agency", "host", "lead agency", "implementing agency", "project owner", "owner"],
    },
    "location": {
        "vi": ["dia diem", "dia ban", "noi thuc hien"],
        "en": ["location", "project site", "site", "place"],
    },
    "period": {
        "vi": ["thoi gian", "thoi han", "nam thuc hien", "giai doan"],
        "en": ["period", "duration", "timeline", "timeframe", "time frame", "years"],
    },
    "content": {
        "vi": ["noi dung", "muc tieu", "quy mo"],
        "en": ["content", "description", "activities", "objectives", "scope"],
    },
    "notes": {
        "vi": ["ghi chu"],
        "en": ["notes", "note", "remarks", "comments"],
    },
    "counterpart": {
        "vi": ["doi ung", "nguon khac", "von khac"],
        "en": ["counterpart", "other sources"],
    },
    "aid_sought": {
        "vi": ["van dong", "vien tro", "tai tro", "pcpnn"],
        "en": ["aid", "mobilised", "mobilized", "sought", "donor", "ngo funding", "grant"],
    },
    "total": {
        "vi": ["tong von", "tong kinh phi", "tong muc", "tong so", "tong cong", "tong"],
        "en": ["total", "budget", "amount"],
    },
}
# Weaker words, tried once no role's words above are found: "Name", "Title", "Dự án".
FALLBACK_WORDS = {"name": {"vi": ["ten", "du an"], "en": ["name", "title", "project"]}}
# The number column's header is nothing but these words: "STT", "TT", "Số TT", "Số thứ tự", "No.", "Nr", "#".
NUMBER_WORDS = {"vi": {"stt", "tt", "so", "thu", "tu"}, "en": {"no", "nr", "number", "num", "n", "o"}}
NUMBER_HEADERS = [{"stt"}, {"tt"}, {"so", "tt"}, {"so", "thu", "tu"}, {"thu", "tu"}, {"no"}, {"nr"}, {"number"}, {"num"},
                  {"n", "o"}]
# The grand total's label, folded: "Tổng cộng:", "TỔNG SỐ", "Cộng", "Total", "Grand total".
TOTAL_LABELS = ["tong cong", "tong so", "grand total", "total"]
TOTAL_EXACT = {"tong", "cong", "sum"}  # only when alone: "Cộng đồng…" is no total

ROMAN = re.compile(r"(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
# "II", "II.", "II)" alone; or followed by the sector's name when one merged cell holds both: "II. Lĩnh vực an sinh xã hội".
SECTOR_NUMBER = re.compile(r"(?P<numeral>[IVXLC]+)\s*[.):]?")
SECTOR_WITH_NAME = re.compile(r"(?P<numeral>[IVXLC]+)(?:\s*[.):-]\s*|\s+)(?P<name>\S.*)", re.S)
PROJECT_NUMBER = re.compile(r"0*(?P<number>\d+)\s*[.)]?")
COLUMN_NUMBER = re.compile(r"\(?(?P<n>\d+)\)?(?:\s*=.*)?")


def fold_words(value):
    """'Tổng cộng:' -> 'tong cong'."""
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", fold(clean_text(value))).split())


def _has(words, phrase):
    return f" {phrase} " in f" {words} "


def number_header(words):
    """'stt', 'so tt', 'no' -> the language; None when the text is not a number column's header."""
    if words.strip() == "#":
        return "en"
    found = set(words.split())
    if not found:
        return None
    for accepted in NUMBER_HEADERS:
        if found == accepted:
            return "vi" if accepted <= NUMBER_WORDS["vi"] else "en"
    # A bilingual header: "STT (No.)"
    if found <= NUMBER_WORDS["vi"] | NUMBER_WORDS["en"] and found & {"stt", "tt"} and found & {"no", "nr", "number"}:
        return "vi"
    return None


def role_of(words):
    """(role, language) of a header text, or (None, None)."""
    if number_header(words):
        return "number", number_header(words)
    for table in (HEADER_WORDS, FALLBACK_WORDS):
        for role, languages in table.items():
            for language, phrases in languages.items():
                if any(_has(words, phrase) for phrase in phrases):
                    return role, language
    return None, None


def is_total_label(words):
    """Whether the folded words (a list) label the grand total."""
    if " ".join(words) in TOTAL_EXACT:
        return True
    for phrase in TOTAL_LABELS:
        start = phrase.split()
        if words[: len(start)] == start:
            rest = words[len(start):]
            # "Tổng cộng toàn tỉnh", "Total (I+II+…+VI)"; not "Tổng số 78 xe lăn…"
            if all(ROMAN.fullmatch(word.upper()) for word in rest):
                return True
            if len(rest) <= 3 and not any(character.isdigit() for word in rest for character in word):
                return True
    return False


def sector_numeral(text):
    """(numeral, name) when the number cell's text numbers a sector, the name "" unless the cell holds it too; else None."""
    sector = SECTOR_NUMBER.fullmatch(text) or SECTOR_WITH_NAME.fullmatch(text)
    if sector and ROMAN.fullmatch(sector.group("numeral")):
        return sector.group("numeral"), clean_text(sector.groupdict().get("name"))
    return None


def project_number(raw):
    """'6' for 6, 6.0, "6", "6.", "06"; None when the cell does not number a project."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return str(raw) if raw >= 0 else None
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() and raw >= 0 else None
    match = PROJECT_NUMBER.fullmatch(clean_text(raw))
    return str(int(match.group("number"))) if match else None


def are_column_numbers(texts):
    """Whether a row's texts (its empty cells left out) number the columns under the header: (1) (2) (3)… or 1 2 3…"""
    numbers = []
    for text in texts:
        match = COLUMN_NUMBER.fullmatch(text)
        if not match:
            return False
        numbers.append(int(match.group("n")))
    return len(numbers) >= 3 and numbers[0] in (0, 1) and all(b > a for a, b in zip(numbers, numbers[1:]))
