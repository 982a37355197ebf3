"""Where a printed line may break. Vietnamese writes every syllable as a word of its own, so a line that breaks at
any space can cut a word in two ("CHỦ / TRÌ" for chủ trì) or a name ("Sóc / Trăng"): the documents keep these whole."""
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# The words of more than one syllable in the Vietnamese column headings of the appendix and the plan.
HEADING_WORDS = (
    "chủ khoản", "chủ trì", "dự án", "địa điểm", "đối ứng", "đơn vị", "ghi chú", "nội dung", "phối hợp", "thời gian",
    "thực hiện", "tổng vốn", "vận động", "viện trợ",
)


def heading_words(language):
    return HEADING_WORDS if language == "vi" else ()


def kept_whole(text, phrases):
    """``text`` as HTML in which none of ``phrases`` (matched whatever their case) is broken across two lines."""
    escaped = escape(text)
    phrases = sorted({escape(phrase) for phrase in phrases if phrase}, key=len, reverse=True)
    if not phrases:
        return escaped
    pattern = re.compile("|".join(re.escape(phrase) for phrase in phrases), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f'<span class="whole">{match.group(0)}</span>', escaped))
