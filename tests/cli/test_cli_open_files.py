"""``projter FILE.projter`` (desktop entry, file association) opens the GUI on the import preview."""

from __future__ import annotations

from pathlib import Path

from projter_desktop import cli


def test_projter_files_open_the_gui_with_the_import_preview(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(cli, "gui_main", lambda args, import_files=(): calls.append((args.db, list(import_files))) or 0)
    files = [str(tmp_path / "a.projter"), str(tmp_path / "B.PROJTER")]
    assert cli.main(["--db", str(tmp_path / "x.sqlite3"), *files]) == 0
    assert calls == [(str(tmp_path / "x.sqlite3"), [Path(f) for f in files])]


def test_a_sub_command_is_never_taken_for_a_file(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(cli, "gui_main", lambda *a, **k: (_ for _ in ()).throw(AssertionError("GUI opened")))
    assert cli.main(["--db", str(tmp_path / "x.sqlite3"), "--create", "import", str(tmp_path / "missing.projter"),
                     "--dry-run"]) == 1
    assert "introuvable" in capsys.readouterr().err


def test_without_files_no_argument_opens_the_plain_gui(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "gui_main", lambda args, import_files=(): calls.append(list(import_files)) or 0)
    assert cli.main([]) == 0
    assert calls == [[]]
