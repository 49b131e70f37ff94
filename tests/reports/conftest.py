# The Playwright fixtures live beside the browser tests; the report editor's browser test uses them.
from tests.browser.conftest import browser, page  # noqa: F401
