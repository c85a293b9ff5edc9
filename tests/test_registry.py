"""Registry rows are checked on load, with messages that name the row and the field."""

import pytest
import yaml

from nianbao.crawler.registry import SUPPORTED_FAMILIES, UNSUPPORTED_FAMILIES, RegistryError, load_portals
from tests.saved_pages import FILES

GOOD = "- id: demo-trs\n  name: 云溪市人民政府\n  start_url: http://127.0.0.1:8000/zwgk/zfxxgknb/index.html\n  family: trs\n"


def write(tmp_path, text):
    path = tmp_path / "portals.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_row_loads_with_its_host(tmp_path):
    (portal,) = load_portals(write(tmp_path, GOOD))
    assert (portal.id, portal.family, portal.hosts) == ("demo-trs", "trs", ("127.0.0.1:8000",))
    assert portal.owns("http://127.0.0.1:8000/zwgk/x.html") and not portal.owns("http://127.0.0.1:9000/x.html")


@pytest.mark.parametrize("text, message", [
    ("- id: a\n  start_url: http://x.gov.cn/\n", "portal row 1 (a): field 'name' is required"),
    ("- id: a\n  name: A\n  start_url: ftp://x.gov.cn/\n", "portal row 1 (a): field 'start_url' must be an http(s) URL"),
    ("- id: a\n  name: A\n  start_url: http://x.gov.cn/\n  family: joomla\n", "portal row 1 (a): field 'family' must be one of"),
    ("- id: a\n  name: A\n  start_url: http://x.gov.cn/\n  famly: trs\n", "portal row 1 (a): unknown field(s) famly"),
    ("- id: A_1\n  name: A\n  start_url: http://x.gov.cn/\n", "portal row 1 (A_1): field 'id' must be lower-case"),
    (GOOD + GOOD, "portal row 2 (demo-trs): field 'id' repeats an earlier row"),
    ("- just text\n", "portal row 1: expected a mapping"),
    ("[]\n", "expected a non-empty list"),
])
def test_bad_rows_are_refused_with_a_clear_message(tmp_path, text, message):
    with pytest.raises(RegistryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_portals(write(tmp_path, text))


def test_unknown_family_means_detect_and_new_families_are_supported():
    portals = {p.id: p for p in load_portals()}
    assert portals["mva"].family is None
    assert portals["gd-gov"].supported and portals["gd-gov"].family == "gkmlpt"
    assert portals["chinatax"].family == "post"
    assert portals["mct"].supported


def test_every_real_portal_is_in_the_bundled_registry_with_a_family_or_an_unsupported_mark():
    real = yaml.safe_load((FILES / "real-portals.yaml").read_text(encoding="utf-8"))
    bundled = {p.id: p for p in load_portals()}
    assert len(real) == 79
    for row in real:
        portal = bundled[row["id"]]
        assert (portal.name, portal.start_url, portal.region) == (row["name"], row["start_url"], row["region"])
        assert portal.family in SUPPORTED_FAMILIES + UNSUPPORTED_FAMILIES or portal.family is None, row["id"]
        # The registry corrects a family only where the evidence names another platform.
        if row["family"] not in ("unknown", portal.family):
            assert (row["id"], row["family"], portal.family) == ("chinatax", "generic", "post")


def test_unsupported_rows_are_marked_not_supported(tmp_path):
    (portal,) = load_portals(write(tmp_path, GOOD.replace("family: trs", "family: kaipuyun")))
    assert not portal.supported
