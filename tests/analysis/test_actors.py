from innspill.analysis.classifier import classify


def actors(text: str) -> tuple[str, ...]:
    return classify([text])[0].actors


def test_actors_nav_and_employers():
    assert actors("NAV må følge opp arbeidsgiverne tettere") == ("nav", "arbeidsgivere")


def test_actors_municipality_in_any_inflection():
    assert actors("Kommunene bør ansette flere boligkonsulenter") == ("kommunen",)


def test_actors_immigrant_organisations_from_a_compound():
    assert actors("Innvandrerorganisasjonene trenger egne lokaler") == ("innvandrerorganisasjoner",)


def test_actors_voluntary_organisations_need_both_words():
    assert actors("Frivillige organisasjoner bør få mer støtte") == ("frivillige_organisasjoner",)
    assert actors("Organisasjoner bør få mer støtte") == ()


def test_actors_police_media_and_nokut():
    assert actors("Politiet og media må samarbeide med NOKUT") == ("media", "politiet", "nokut")


def test_actors_none_when_no_one_is_named():
    assert actors("Mer fokus på ressurser fremfor barrierer") == ()


def test_actors_immigrants_only_as_subject_of_a_request():
    assert actors("Innvandrere må investere noe selv i utdanningen") == ("innvandrere",)
    assert actors("Innvandrere opplever diskriminering") == ()
    assert actors("Kommunen må hjelpe innvandrere") == ("kommunen",)
