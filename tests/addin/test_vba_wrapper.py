"""Classic xlwings (Windows): every CB_ function yields a VBA wrapper Excel can compile."""

from __future__ import annotations

import re

import pytest
from addin_support import UDF_MODULES, classic_vba

from creditbook.addin.functions import cb_functions

VBA_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")
# VBA keywords, plus the names the generated wrapper body itself uses (a parameter named
# like one of them would shadow it inside the wrapper).
VBA_KEYWORDS = """and as boolean byref byte byval call case cbool cbyte ccur cdate cdbl cdec
cint clng clnglng clngptr const csng cstr currency cvar cverr date decimal declare dim do double
each else elseif empty end endif enum eqv erase error event exit false for friend function get
global gosub goto if imp implements in integer is let like long longlong longptr loop lset me mod
new next not nothing null on option optional or paramarray preserve private property ptrsafe
public raiseevent redim rem resume return rset select set single static step stop string sub
then to true type typeof until variant wend while with withevents xor"""
WRAPPER_NAMES = "application activeworkbook thisworkbook range xlpy err array argsarray k failed"
FORBIDDEN = set(VBA_KEYWORDS.split()) | set(WRAPPER_NAMES.split())


@pytest.fixture(scope="module")
def all_generated() -> dict[str, dict]:
    return classic_vba(UDF_MODULES)  # one child process for every module


@pytest.fixture(params=UDF_MODULES)
def generated(request: pytest.FixtureRequest, all_generated: dict) -> tuple[str, dict]:
    return request.param, all_generated[request.param]


def wrappers(vba: str) -> dict[str, tuple[list[str], str]]:
    """Function name → (parameter declarations, body) of each generated wrapper."""
    found = {}
    pattern = r"^Function (\w+)\((.*?)\)\n(.*?)^End Function$"
    for name, params, body in re.findall(pattern, vba, flags=re.S | re.M):
        found[name] = ([p.strip() for p in params.split(",") if p.strip()], body)
    return found


def test_every_cb_function_has_exactly_one_wrapper(generated):
    module, result = generated
    names = [n for n in wrappers(result["vba"]) if n.startswith("CB_")]
    assert sorted(names) == sorted(cb_functions(module))
    helpers = result["vba"].count("Private Function Creditbook")  # see test_classic_errors.py
    assert result["vba"].count("End Function") == len(wrappers(result["vba"])) + helpers


def test_names_and_argument_counts_match_the_python_signature(generated):
    module, result = generated
    for name, (params, body) in wrappers(result["vba"]).items():
        args = result["functions"][name]["args"]
        assert VBA_IDENTIFIER.match(name), name
        assert len(params) == len(args) <= 255, name
        declared = [p.removeprefix("Optional ").removeprefix("ParamArray ") for p in params]
        assert declared == [a["name"] for a in args], name
        call = f'XLPy.CallUDF("{module}", "{name}", Array({", ".join(declared)}), ActiveWorkbook'
        assert call in body, name


def test_optional_arguments_are_optional_and_come_last(generated):
    _, result = generated
    for name, (params, _) in wrappers(result["vba"]).items():
        args = result["functions"][name]["args"]
        flags = [p.startswith("Optional ") for p in params]
        assert flags == [a["optional"] for a in args], name
        assert flags == sorted(flags), f"{name}: a required argument follows an optional one"


def test_argument_names_are_legal_distinct_vba_identifiers(generated):
    _, result = generated
    for name, spec in result["functions"].items():
        names = [a["name"] for a in spec["args"]]
        for arg in names:
            assert VBA_IDENTIFIER.match(arg), f"{name}.{arg}"
            assert arg.lower() not in FORBIDDEN, f"{name}.{arg} is reserved in VBA"
        lowered = [n.lower() for n in names]  # VBA ignores case
        assert len(set(lowered)) == len(lowered), name
        assert name.lower() not in lowered, name


def test_help_fits_excels_function_wizard(generated):
    _, result = generated
    for name, spec in result["functions"].items():
        assert len(spec["doc"].strip()) <= 255, name
        for arg in spec["args"]:
            assert len(arg["doc"]) <= 255, f"{name}.{arg['name']}"
            assert not arg["doc"].startswith("Positional argument"), f"{name}.{arg['name']}"


def test_no_generated_line_exceeds_vba_limits(generated):
    _, result = generated
    assert max(map(len, result["vba"].splitlines()), default=0) <= 1023


def test_every_function_is_filed_under_the_credit_category(generated):
    _, result = generated
    categories = {name: spec["category"] for name, spec in result["functions"].items()}
    assert set(categories.values()) == {"信用管理"}, categories
