"""`creditbook addin install`: UDF MODULES merged into ~/.xlwings/xlwings.conf."""

from __future__ import annotations

from typer.testing import CliRunner

from creditbook.addin.conf import install, merge_udf_modules, parse_conf, user_config_path
from creditbook.cli import app


def test_a_new_home_gets_a_conf_with_creditbook_udfs(tmp_path):
    result = install(tmp_path, run_xlwings=False)
    assert result.config == tmp_path / ".xlwings" / "xlwings.conf"
    assert result.changed
    assert result.config.read_text() == '"UDF MODULES","creditbook.udfs"\n'


def test_other_settings_are_kept_verbatim_and_in_order():
    text = '"INTERPRETER_WIN","C:\\Python\\python.exe"\n"CONDA ENV","base"\n'
    merged = merge_udf_modules(text)
    assert merged.startswith(text)
    assert parse_conf(merged) == {
        "INTERPRETER_WIN": "C:\\Python\\python.exe",
        "CONDA ENV": "base",
        "UDF MODULES": "creditbook.udfs",
    }


def test_other_udf_modules_are_kept_and_creditbook_appended():
    text = '"INTERPRETER_WIN","python"\n"UDF MODULES","mytools;pricing"\n"DEBUG UDFS","False"\n'
    merged = merge_udf_modules(text)
    assert parse_conf(merged)["UDF MODULES"] == "mytools;pricing;creditbook.udfs"
    assert merged.splitlines()[0] == '"INTERPRETER_WIN","python"'
    assert merged.splitlines()[2] == '"DEBUG UDFS","False"'


def test_creditbook_is_never_listed_twice():
    text = '"UDF MODULES","creditbook.udfs;mytools"\n'
    assert merge_udf_modules(text) == text
    assert merge_udf_modules(merge_udf_modules("")) == merge_udf_modules("")


def test_empty_module_list_and_trailing_semicolon_are_tidied():
    assert parse_conf(merge_udf_modules('"UDF MODULES",""\n'))["UDF MODULES"] == ("creditbook.udfs")
    assert parse_conf(merge_udf_modules('"UDF MODULES","a;"\n'))["UDF MODULES"] == (
        "a;creditbook.udfs"
    )


def test_windows_line_endings_and_a_missing_final_newline_survive():
    merged = merge_udf_modules('"A","1"\r\n"UDF MODULES","x"\r\n"B","2"')
    assert merged == '"A","1"\r\n"UDF MODULES","x;creditbook.udfs"\r\n"B","2"'
    assert merge_udf_modules('"A","1"') == '"A","1"\n"UDF MODULES","creditbook.udfs"\n'


def test_a_second_install_changes_nothing(tmp_path):
    install(tmp_path, run_xlwings=False)
    assert not install(tmp_path, run_xlwings=False).changed


def test_install_does_not_run_xlwings_off_windows(tmp_path):
    assert install(tmp_path).xlwings_addin == ""


def test_cli_install_with_home(tmp_path):
    conf = user_config_path(tmp_path)
    conf.parent.mkdir(parents=True)
    conf.write_text('"LICENSE_KEY","noncommercial"\n"UDF MODULES","other"\n')
    result = CliRunner().invoke(app, ["addin", "install", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert conf.read_text() == (
        '"LICENSE_KEY","noncommercial"\n"UDF MODULES","other;creditbook.udfs"\n'
    )


def test_the_sample_conf_in_the_repository_is_what_install_writes_to_a_new_home():
    from addin_support import REPO

    assert (REPO / "addin" / "xlwings.conf").read_text() == merge_udf_modules("")


def test_install_on_windows_runs_xlwings_and_reports_its_output(tmp_path, monkeypatch):
    from creditbook import portable
    from creditbook.addin import conf

    ran: list[list[str]] = []

    def xlwings(command, **kwargs):
        ran.append(command)
        return conf.subprocess.CompletedProcess(command, 0, "Successfully installed the add-in", "")

    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setattr(conf.subprocess, "run", xlwings)
    result = install(tmp_path)
    assert ran == [[conf.sys.executable, "-m", "xlwings.cli", "addin", "install"]]
    assert (result.xlwings_addin, result.xlwings_failed) == (
        "Successfully installed the add-in",
        False,
    )


def test_a_failed_xlwings_install_is_an_error_naming_its_last_line(tmp_path, monkeypatch):
    from creditbook import portable
    from creditbook.addin import conf

    def xlwings(command, **kwargs):
        return conf.subprocess.CompletedProcess(
            command, 1, "", "Traceback (most recent call last):\n  ...\nXlwingsError: no Excel\n"
        )

    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setattr(conf.subprocess, "run", xlwings)
    result = CliRunner().invoke(app, ["addin", "install", "--home", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "xlwings 加载项未安装 the xlwings add-in was not installed " in result.output
    assert "(xlwings addin install: XlwingsError: no Excel)" in " ".join(result.output.split())
    assert user_config_path(tmp_path).read_text() == '"UDF MODULES","creditbook.udfs"\n'
