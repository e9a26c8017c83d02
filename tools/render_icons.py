"""Render the application icon (resources/icons/projter.svg) to the PNG sizes of the
freedesktop hicolor theme (resources/icons/hicolor/<n>x<n>/apps/projter-desktop.png), with
Qt's own SVG renderer (no Inkscape needed). Also writes packaging/windows/projter.ico
(executable and installer) and packaging/macos/projter.icns (app bundle), both made of
the same PNGs.

    python tools/render_icons.py            # writes the PNGs, .ico and .icns
    python tools/render_icons.py --check    # exit 1 when a file is missing or the SVG changed since

The SHA-256 of the SVG the files were made from is kept in tools/render_icons.sha256, so
``--check`` (run by packaging/build.sh) does not depend on file times, which a checkout
does not preserve.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "projter.svg"
#: Build inputs of the installers (not needed at run time, so not in resources/).
WINDOWS_ICON = ROOT / "packaging" / "windows" / "projter.ico"
MACOS_ICON = ROOT / "packaging" / "macos" / "projter.icns"
STAMP = ROOT / "tools" / "render_icons.sha256"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 32, 48, 64, 128, 256)
#: macOS .icns chunk types for PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / "projter-desktop.png"


def source_hash() -> str:
    import hashlib

    return hashlib.sha256(SOURCE.read_bytes()).hexdigest()


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"SVG invalide : {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG-compressed images (valid since Windows Vista)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(ICNS_TYPES[s] + struct.pack(">I", 8 + len(pngs[s])) + pngs[s] for s in ICNS_TYPES if s in pngs)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the PNGs are up to date")
    args = parser.parse_args(argv)
    if args.check:
        missing = [p for p in (*map(png_path, SIZES), WINDOWS_ICON, MACOS_ICON) if not p.is_file()]
        for path in missing:
            print(f"manquant : {path.relative_to(ROOT)}")
        changed = not STAMP.is_file() or STAMP.read_text().split()[0] != source_hash()
        if changed:
            print(f"{SOURCE.relative_to(ROOT)} a changé depuis le dernier rendu")
        return 1 if missing or changed else 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - needed by QPainter
    pngs = {size: render(size) for size in SIZES}
    for size, data in pngs.items():
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data)} octets")
    for path, data in ((WINDOWS_ICON, ico(pngs)), (MACOS_ICON, icns(pngs))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data)} octets")
    STAMP.write_text(f"{source_hash()}  {SOURCE.relative_to(ROOT).as_posix()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
