"""The one description of the appendix's columns: what the builder prints under each heading, the importer reads back."""
import pytest
from django.utils import translation

from projects.appendix_layout import COLUMNS, layout_columns
from projects.imports.appendix.vocabulary import fold_words, role_of
from reporting.builders.appendix import build_appendix


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_printed_heading_is_read_back_as_its_column(language):
    with translation.override(language):
        read = {column.role: role_of(fold_words(str(column.label))) for column in COLUMNS}

    assert read == {column.role: (column.role, language) for column in COLUMNS}


@pytest.mark.parametrize("with_content", [True, False])
def test_the_builder_prints_the_layouts_headings_in_its_order(programme, with_content):
    appendix = build_appendix(programme, language="vi", with_content=with_content)

    with translation.override("vi"):
        assert appendix.columns == [str(column.label) for column in layout_columns(with_content=with_content)]
    assert appendix.columns[:2] == ["STT", "Tên dự án"]
    assert ("Nội dung dự án" in appendix.columns) is with_content
