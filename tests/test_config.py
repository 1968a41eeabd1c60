"""The classroom defaults in .streamlit/config.toml: private and offline."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text())


def test_no_usage_statistics():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_server_never_looks_up_its_external_address():
    # Left unset, a headless Streamlit asks an internet service for the external IP.
    assert CONFIG["server"]["headless"] is True
    assert CONFIG["browser"]["serverAddress"]


def test_pupils_never_see_error_details_or_developer_tools():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "minimal"


def test_uploads_are_capped_and_xsrf_stays_on():
    assert 5 <= CONFIG["server"]["maxUploadSize"] <= 200
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_no_web_font():
    assert "://" not in CONFIG["theme"].get("font", "")


def test_magic_is_off_so_no_stray_string_reaches_the_screen():
    assert CONFIG["runner"]["magicEnabled"] is False
