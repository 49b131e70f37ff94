import io
import zipfile

import pytest

from innspill.documents.render import (
    RENDERERS,
    ReportDocument,
    Section,
    bullets,
    content_hash,
    render,
)


def _doc() -> ReportDocument:
    return ReportDocument(
        title="Innspillsrapport",
        sections=[Section(heading="Innspill", blocks=[bullets(["Mer språkpraksis."])])],
    )


def test_every_format_renders_through_the_registry_with_its_own_signature():
    outputs = {name: render(_doc(), output_format=name) for name in RENDERERS}
    assert outputs["html"].startswith(b"<!DOCTYPE html>")
    assert outputs["pdf"].startswith(b"%PDF-1.7")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(outputs["docx"])).namelist()
    assert [(r.extension, r.content_type.split(";")[0]) for r in RENDERERS.values()] == [
        ("html", "text/html"),
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown report format: 'odt'"):
        render(_doc(), output_format="odt")


def test_rendering_twice_gives_the_same_content_hash_in_every_format():
    for name in RENDERERS:
        first = content_hash(render(_doc(), output_format=name))
        assert content_hash(render(_doc(), output_format=name)) == first
        assert len(first) == 64
