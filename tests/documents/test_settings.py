"""creditbook.toml: written commented by `init`, read with defaults, errors name the field."""

from __future__ import annotations

import pytest

from creditbook.files import OutputExists
from creditbook.settings import Settings, SettingsError, init_text, load_settings, write_settings


def test_init_file_is_commented_and_reads_back_as_the_defaults(tmp_path):
    path = write_settings(tmp_path / "creditbook.toml")
    text = path.read_text(encoding="utf-8")
    assert "# 本公司信息" in text and "LPR" in text
    loaded = load_settings(path)
    assert loaded.company == Settings().company
    assert loaded.letters == Settings().letters


def test_init_does_not_overwrite_without_force(tmp_path):
    path = write_settings(tmp_path / "creditbook.toml")
    path.write_text(init_text().replace("上海华瑞精密机械有限公司", "我的公司"), encoding="utf-8")
    with pytest.raises(OutputExists):
        write_settings(path)
    assert load_settings(path).company.name == "我的公司"
    write_settings(path, force=True)
    assert load_settings(path).company.name == "上海华瑞精密机械有限公司"


def test_settings_are_read_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "creditbook.toml").write_text('[company]\nname = "本地公司"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.company.name == "本地公司"
    assert settings.counter_path == tmp_path.resolve() / "creditbook-letter-numbers.json"


def test_bad_value_names_the_field(tmp_path):
    path = tmp_path / "creditbook.toml"
    path.write_text("[letters]\npayment_deadline_days = -3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"letters\.payment_deadline_days"):
        load_settings(path)


def test_unknown_key_is_reported(tmp_path):
    path = tmp_path / "creditbook.toml"
    path.write_text('[company]\nnmae = "x"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"company\.nmae"):
        load_settings(path)
