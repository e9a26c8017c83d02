"""Maintain the Qt translation files (resources/translations/projter_<lang>.ts/.qm).

    python tools/translations.py update      # lupdate: collect the strings of the GUI
    python tools/translations.py release     # lrelease: compile .ts -> .qm
    python tools/translations.py missing     # list the strings still untranslated
    python tools/translations.py fill FILE.json   # apply {"English": "Français"} to untranslated entries

The .ts file is the source of truth for translations (edit it with Qt Linguist,
``pyside6-linguist``); the compiled .qm is committed so that the app needs no build step.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    p for p in (ROOT / "projter_desktop").rglob("*.py")
    if "ui" in p.relative_to(ROOT / "projter_desktop").parts or p.name == "selftest.py"
)
LANGUAGES = ("fr",)


def ts_path(language: str) -> Path:
    return ROOT / "resources" / "translations" / f"projter_{language}.ts"


def _tool(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


def update() -> None:
    for language in LANGUAGES:
        target = ts_path(language)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([_tool("pyside6-lupdate"), *map(str, SOURCES), "-no-obsolete", "-locations", "none",
                        "-target-language", language, "-ts", str(target)], check=True)


def release() -> None:
    for language in LANGUAGES:
        source = ts_path(language)
        subprocess.run([_tool("pyside6-lrelease"), str(source), "-qm", str(source.with_suffix(".qm"))], check=True)


def untranslated(language: str = "fr") -> list[tuple[str, str]]:
    tree = ET.parse(ts_path(language))
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                continue
            forms = translation.findall("numerusform")
            empty = not (translation.text or "").strip() and not any((f.text or "").strip() for f in forms)
            if empty or translation.get("type") == "unfinished":
                missing.append((name, message.findtext("source") or ""))
    return missing


def fill(mapping_file: Path, language: str = "fr") -> int:
    mapping: dict[str, str | list[str]] = json.loads(mapping_file.read_text(encoding="utf-8"))
    path = ts_path(language)
    tree = ET.parse(path)
    count = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or source not in mapping:
            continue
        done = (translation.text or "").strip() or any((f.text or "").strip() for f in translation)
        if done and translation.get("type") != "unfinished":
            continue  # never overwrite a finished translation
        value = mapping[source]
        if message.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value, value]
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = value if isinstance(value, str) else value[0]
        translation.attrib.pop("type", None)
        count += 1
    ET.indent(tree)
    with path.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(handle, encoding="utf-8", xml_declaration=False)
    return count


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "release", "missing", "fill"):
        print(__doc__)
        return 2
    if argv[0] == "update":
        update()
    elif argv[0] == "release":
        release()
    elif argv[0] == "missing":
        for context, source in untranslated():
            print(json.dumps({"context": context, "source": source}, ensure_ascii=False))
    else:
        print(f"{fill(Path(argv[1]))} translations applied")
        update()  # lupdate rewrites the file in its own layout: small diffs
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
