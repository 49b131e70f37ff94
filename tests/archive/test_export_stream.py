import json

from django.http import StreamingHttpResponse

from innspill.archive.exports import input_as_dict, json_array
from innspill.inputs.models import Input


def test_json_array_streams_valid_json_in_batches(make_input):
    for n in range(5):
        make_input(f"Innspill nummer {n} om arbeid.")
    items = list(Input.objects.order_by("pk"))
    chunks = list(json_array(items, base_url="http://x", batch=2))
    assert len(chunks) == 5  # "[", three batches (2, 2, 1), "]"
    assert json.loads("".join(chunks)) == [input_as_dict(i, base_url="http://x") for i in items]


def test_json_array_of_nothing_is_an_empty_array():
    assert json.loads("".join(json_array([]))) == []


def test_json_export_is_a_streaming_response(client, make_input):
    make_input("Et innspill om bolig.", year=2019)
    response = client.get("/eksport.json")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(b"".join(response.streaming_content))
    assert [(d["year"], d["text"]) for d in data] == [(2019, "Et innspill om bolig.")]
