import json
import math

import pytest

from innspill.documents.render import (
    PageBreak,
    Quote,
    ReportDocument,
    Section,
    conference_report,
    input_report,
    paragraph,
    per_year_chart,
)
from innspill.documents.render.sample import conference_data, input_data
from innspill.documents.render.serialize import document_from_dict, document_to_dict


def test_documents_survive_a_json_round_trip_exactly():
    extra = Section(
        heading="Annet",
        blocks=[
            paragraph("**Fet**, *kursiv* og [lenke](https://imdi.no)"),
            Quote(text="Et sitat", attribution="En innleder"),
            PageBreak(),
        ],
    )
    for doc in (
        conference_report(conference_data(sessions=2, inputs_per_session=5, talks=1)),
        input_report(input_data()),
        ReportDocument(title="Tom", metadata={"created": "2025-01-01"}, sections=[extra]),
    ):
        stored = json.loads(json.dumps(document_to_dict(doc)))
        assert document_from_dict(stored) == doc


def test_unknown_version_and_block_type_are_refused():
    data = document_to_dict(ReportDocument(title="R", sections=[Section(heading="A")]))
    with pytest.raises(ValueError, match="unsupported report document version: 2"):
        document_from_dict({**data, "version": 2})
    data["sections"][0]["blocks"] = [{"type": "script", "text": "x"}]
    with pytest.raises(ValueError, match="unknown block type: 'script'"):
        document_from_dict(data)


def test_a_missing_chart_figure_is_stored_as_null_and_read_back_as_nan():
    chart = per_year_chart(
        title="År for år", values={"Svarprosent": {"2024": 40.0}, "Ja": {"2025": 80.0}}, unit="%"
    )
    doc = ReportDocument(title="R", sections=[Section(heading="Evaluering", blocks=[chart])])
    stored = json.dumps(document_to_dict(doc), allow_nan=False)
    assert '"values": [40.0, null]' in stored
    rebuilt = document_from_dict(json.loads(stored))
    assert document_to_dict(rebuilt) == document_to_dict(doc)
    assert math.isnan(rebuilt.charts()[0].data.series[0].values[1])
