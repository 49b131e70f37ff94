import threading

import pytest
from django.db import connection

from innspill.surveys import services
from innspill.surveys.models import Answer, Response
from tests.surveys.factories import make_survey, send_to


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database has no concurrent writers; runs on PostgreSQL",
)
def test_two_simultaneous_submits_with_one_token_store_one_response():
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    overall = survey.questions.get(topic="overall")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            barrier.wait(timeout=10)
            services.response_submit(token=token, answers={overall.pk: "5"})
            outcomes.append("stored")
        except services.TokenSpent:
            outcomes.append("spent")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["spent", "stored"]
    assert (Response.objects.count(), Answer.objects.count()) == (1, 1)
