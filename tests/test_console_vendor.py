"""The console's vendored browser assets are exactly the pinned npm packages' files, with their licences."""

import importlib.util
import sys

from django.conf import settings


def _vendor_module():
    spec = importlib.util.spec_from_file_location("vendor_assets", settings.BASE_DIR / "scripts" / "vendor_assets.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_committed_assets_match_their_pins():
    assert _vendor_module().problems() == []


def test_every_vendored_package_carries_its_licence_and_a_pinned_integrity():
    vendor = _vendor_module()
    for pin in vendor.PINS:
        assert (pin.folder / "LICENSE").read_text().strip(), pin.package
        assert pin.integrity.startswith("sha512-") and all(len(d) == 64 for d in pin.files.values())


def test_an_edited_asset_is_caught(tmp_path, monkeypatch):
    vendor = _vendor_module()
    pin = vendor.PINS[0]
    copy = tmp_path / pin.folder.name
    copy.mkdir()
    for source in pin.folder.iterdir():
        (copy / source.name).write_bytes(source.read_bytes())
    (copy / "LICENSE").write_text("changed")
    monkeypatch.setattr(vendor, "VENDOR", tmp_path)
    monkeypatch.setattr(vendor, "PINS", [pin.__class__(pin.package, pin.version, pin.integrity, pin.files)])
    assert vendor.problems() == [f"{pin.folder.name}: LICENSE differs from the pinned package"]
