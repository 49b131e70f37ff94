"""Reading files of every supported type, and clean errors for bad ones."""

import io

import docx
import pypdf
import pytest
from weasyprint import HTML

from innspill.documents.errors import DocumentError
from innspill.documents.readers import Limits, page_text_is_garbage, read_document


def _pdf_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def test_read_text_and_markdown(tmp_path):
    path = tmp_path / "rapport.md"
    path.write_text("# Tittel\n\n- punkt\n", encoding="utf-8")
    doc = read_document(path)
    assert (doc.format, doc.pages, doc.paged) == ("markdown", ["# Tittel\n\n- punkt\n"], False)


def test_read_text_in_windows_1252(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes("Møteplasser på årsbasis".encode("cp1252"))
    assert read_document(path).pages == ["Møteplasser på årsbasis"]


def test_read_docx_keeps_lists_as_bullets_and_headings(tmp_path):
    document = docx.Document()
    document.add_heading("Innspill fra deltakerne", level=1)
    document.add_paragraph("Tiltak")
    document.add_paragraph("Flere møteplasser", style="List Bullet")
    document.add_paragraph("Bedre tolketjeneste", style="List Bullet")
    path = tmp_path / "rapport.docx"
    document.save(path)
    doc = read_document(path)
    assert doc.pages == [
        "# Innspill fra deltakerne\n\nTiltak\n\n• Flere møteplasser\n\n• Bedre tolketjeneste"
    ]


def test_read_pdf_text_layer_reports_progress(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_bytes(_pdf_bytes(["Regjeringen avholdt konferansen med 225 deltakere i Oslo."]))
    seen = []
    doc = read_document(path, on_progress=lambda done, total: seen.append((done, total)))
    assert (doc.format, doc.ocr_pages, seen) == ("pdf", [], [(1, 1)])
    assert "225 deltakere" in doc.pages[0]


def test_garbage_text_layer_is_detected():
    assert page_text_is_garbage("") is True
    assert page_text_is_garbage("x7 #q ¤% 3Ø 88 " * 10) is True
    assert (
        page_text_is_garbage("Dette er en helt vanlig side med norsk tekst om integrering.")
        is False
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen er tom"),
        (b"\x00\x01\x02binary" * 100, "ukjent format"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "kryptert eller i gammelt Word-format",
        ),
        (b"PK\x03\x04broken zip", "avkortet eller skadet"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path, content, message):
    path = tmp_path / "fil.bin"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_missing_file_raises_document_error(tmp_path):
    with pytest.raises(DocumentError, match="Fant ikke filen: borte.pdf"):
        read_document(tmp_path / "borte.pdf")


def test_truncated_pdf_raises_document_error(tmp_path):
    data = _pdf_bytes(["Litt tekst i en rapport som blir avkortet."])
    path = tmp_path / "avkortet.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match="avkortet"):
        read_document(path)


def test_encrypted_pdf_raises_document_error(tmp_path):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(_pdf_bytes(["Hemmelig."]))))
    writer.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")
    path = tmp_path / "kryptert.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(DocumentError, match="kryptert"):
        read_document(path)


def test_oversized_files_raise_document_error(tmp_path):
    path = tmp_path / "stor.txt"
    path.write_text("tekst " * 400, encoding="utf-8")
    with pytest.raises(DocumentError, match="for stor"):
        read_document(path, limits=Limits(max_bytes=1000))
    pdf = tmp_path / "lang.pdf"
    pdf.write_bytes(_pdf_bytes([f"Side {n} " + "tekst " * 400 for n in range(3)]))
    with pytest.raises(DocumentError, match="for mange sider"):
        read_document(pdf, limits=Limits(max_pages=1))


def test_empty_pdf_text_raises_document_error(tmp_path):
    path = tmp_path / "tom.pdf"
    path.write_bytes(HTML(string="<html><body></body></html>").write_pdf())
    with pytest.raises(DocumentError, match="ingen tekst"):
        read_document(path)


def test_pdf_list_markers_drawn_apart_from_text_are_restored(tmp_path):
    path = tmp_path / "liste.pdf"
    html = (
        "<h3>Tiltak</h3><ul><li>Flere praksisplasser i bedrifter som er en lang nok linje til "
        "at den brytes over flere linjer på siden.</li><li>Raskere godkjenning.</li></ul>"
        "<p>Vanlig avsnitt uten punkt.</p>"
    )
    path.write_bytes(HTML(string=f"<html><body>{html}</body></html>").write_pdf())
    lines = read_document(path).pages[0].splitlines()
    assert [line for line in lines if line.startswith("• ")] == [
        next(line for line in lines if line.startswith("• Flere")),
        "• Raskere godkjenning.",
    ]
    assert "Vanlig avsnitt uten punkt." in lines
    assert all(line.strip() != "•" for line in lines)


def test_file_named_pdf_without_pdf_content_is_rejected(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_text("dette er ikke en pdf", encoding="utf-8")
    with pytest.raises(DocumentError, match="ikke en gyldig PDF-fil"):
        read_document(path)


def _docx_with_body(path, body_xml: str) -> None:
    """A real DOCX from python-docx whose body gets `body_xml` in front, re-zipped."""
    import zipfile

    document = docx.Document()
    document.add_paragraph("Hei")
    base = io.BytesIO()
    document.save(base)
    with zipfile.ZipFile(base) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = members["word/document.xml"].decode()
    members["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + body_xml, 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bombe.docx"
    _docx_with_body(path, "<w:p><w:r><w:t>" + "x" * 30_000_000 + "</w:t></w:r></w:p>")
    assert path.stat().st_size < 200_000
    with pytest.raises(DocumentError, match=r"bombe.docx pakkes ut til mye mer enn den fyller"):
        read_document(path)


def test_a_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path):
    import random

    rng = random.Random(1)
    words = "arbeid bolig tolk skole språk kommunen frivillighet helse NAV barnehage".split()
    paragraphs = (" ".join(rng.choices(words, k=8)) for _ in range(40_000))
    path = tmp_path / "stor.docx"
    _docx_with_body(path, "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs))
    with pytest.raises(
        DocumentError, match=r"stor.docx er for stor utpakket: 4 MB \(grensen er 1 MB\)"
    ):
        read_document(path, limits=Limits(max_unpacked_bytes=1024 * 1024))


def test_docx_paragraph_styles_are_read_from_the_style_table(tmp_path):
    document = docx.Document()
    for n in range(300):
        document.add_paragraph(f"Innspill {n}", style="List Bullet" if n % 2 else None)
    document.add_heading("Oppsummering", level=2)
    path = tmp_path / "mange.docx"
    document.save(path)
    lines = read_document(path).pages[0].split("\n\n")
    assert lines[:3] == ["Innspill 0", "• Innspill 1", "Innspill 2"]
    assert (len(lines), lines[-1]) == (301, "# Oppsummering")


def test_too_much_text_is_refused_with_the_count(tmp_path):
    path = tmp_path / "lang.txt"
    path.write_text("innspill " * 2_000, encoding="utf-8")
    with pytest.raises(DocumentError, match=r"lang.txt har for mye tekst: 18 000 tegn"):
        read_document(path, limits=Limits(max_chars=10_000))


def test_a_docx_with_a_style_reference_without_its_name_is_a_document_error(tmp_path):
    # Found by benchmarks/fuzz_readers.py: <w:pStyle/> without w:val made python-docx raise.
    path = tmp_path / "skadet.docx"
    _docx_with_body(path, "<w:p><w:pPr><w:pStyle/></w:pPr><w:r><w:t>Tekst</w:t></w:r></w:p>")
    with pytest.raises(DocumentError, match="skadet.docx kan ikke leses: InvalidXmlError"):
        read_document(path)
