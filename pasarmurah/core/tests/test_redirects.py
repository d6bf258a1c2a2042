import pytest

from pasarmurah.core.redirects import safe_next


@pytest.mark.parametrize("target", ["/katalog/", "/akun/?tab=1", "http://testserver/keranjang/"])
def test_next_inside_the_site_is_followed(rf, target):
    assert safe_next(rf.get("/", {"next": target})) == target
    assert safe_next(rf.post("/", {"next": target})) == target


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http:///evil.example"]
)
def test_next_elsewhere_falls_back_to_the_default(rf, target):
    assert safe_next(rf.get("/", {"next": target}), default="/akun/") == "/akun/"


def test_no_next_gives_the_default(rf):
    assert safe_next(rf.get("/")) == ""
    assert safe_next(rf.get("/"), default="/") == "/"
