"""A PDF page as a PNG for the import preview."""

import io

import pytest
from PIL import Image

from innspill.documents.errors import DocumentError
from innspill.documents.pages import page_png
from tests.corpus import corpus_file

PDF = "2017-integreringskonferansen-rapport.pdf"


def test_a_page_is_a_greyscale_png_of_the_asked_width():
    image = Image.open(io.BytesIO(page_png(corpus_file(PDF), 2, width=600)))
    assert (image.format, image.mode, image.width) == ("PNG", "L", 600)
    assert image.height > image.width  # a portrait page, not a blank square


@pytest.mark.parametrize("page", [0, 10_000])
def test_a_page_the_file_does_not_have_is_an_index_error(page):
    with pytest.raises(IndexError):
        page_png(corpus_file(PDF), page)


def test_a_file_pdfium_cannot_open_is_a_document_error(tmp_path):
    broken = tmp_path / "brutt.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really\n%%EOF\n")
    with pytest.raises(DocumentError, match="brutt.pdf"):
        page_png(broken, 1)
