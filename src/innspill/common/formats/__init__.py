"""Date and time formats for the languages Django has none for (se, so, ti).

Django names months through its own catalogues, which these languages lack, so a named
format would print Norwegian month names in a Somali e-mail; these formats are numeric.
"""
