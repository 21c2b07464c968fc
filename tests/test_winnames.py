"""Names creditbook writes are legal on Windows and POSIX: no device names, no forbidden or
invisible characters, no trailing dot or space, and a length in Windows' UTF-16 units."""

from __future__ import annotations

import hashlib

import pytest

from creditbook.files import atomic_save, temporary_affixes
from creditbook.winnames import (
    cut,
    cut_bytes,
    folder_name,
    hashed_name,
    is_reserved,
    legal_file_name,
    legal_name,
    split_suffix,
    utf16_units,
)
from hostile_text import LONG

WIDE = "\U00020000"  # 𠀀, outside the BMP: 2 UTF-16 units, 4 bytes of UTF-8
DEVICES = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"] + [
    f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"
]


def _sha6(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("form", ["{}", "{}.txt", "{} .docx", "{}  ", "{}.", "{}.tar.gz"])
def test_every_device_name_in_every_case_and_form_gets_an_underscore_in_front(device, form):
    for spelled in (device, device.lower(), device.capitalize()):
        name = form.format(spelled)
        assert is_reserved(name)
        assert legal_name(name) == "_" + name.strip(" .")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("con.txt", "_con.txt"),
        ("Nul", "_Nul"),
        ("COM1.docx", "_COM1.docx"),
        ("aux .docx", "_aux .docx"),
        ("lpt³", "_lpt³"),
        ("CON.", "_CON"),
        (" prn ", "_prn"),
    ],
)
def test_the_examples_windows_refuses(text, expected):
    assert legal_name(text) == expected


def test_only_spaces_before_the_dot_are_dropped_in_the_device_check():
    assert is_reserved("CON   .txt") and not is_reserved("CON\u3000.txt")
    assert legal_name("CON\u3000.txt") == "CON\u3000.txt"


@pytest.mark.parametrize(
    "name",
    ["CONSOLE", "COM10", "COM", "LPT", "COMA.docx", "KH.CON", "NUL_1", "COM1x.docx", "_CON",
     "CON-1", "COM⁴", "AUXILIARY.txt", "客户CON"],
)  # fmt: skip
def test_names_that_merely_start_like_a_device_are_kept(name):
    assert not is_reserved(name)
    assert legal_name(name) == name


@pytest.mark.parametrize("char", list('<>:"/\\|?*'))
def test_each_forbidden_character_becomes_an_underscore(char):
    assert legal_name(f"KH{char}01") == "KH_01"


@pytest.mark.parametrize(
    "code",
    [*range(32), 0x7F, 0x200B, 0x200C, 0x200D, 0xFEFF, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)],
)  # fmt: skip
def test_control_bidi_and_zero_width_characters_become_an_underscore(code):
    assert legal_name(f"KH{chr(code)}01") == "KH_01"


def test_characters_next_to_the_forbidden_ranges_are_kept():
    kept = " ~\x80\u200a\u200e\u2029\u202f\u2065\u206a\ufefe"
    assert legal_name("a" + kept + "b") == "a" + kept + "b"


def test_a_run_of_forbidden_characters_is_one_underscore_and_the_ends_are_trimmed():
    assert legal_name('.. \u202eKH<>:"01\u200b\x7f . .') == "_KH_01_"
    assert legal_name("KH01.") == "KH01" and legal_name("KH01 ") == "KH01"
    assert legal_name("KH01 . .") == "KH01"
    assert legal_name("") == "_" and legal_name(" . ") == "_"


def test_a_ten_thousand_character_name_is_cut_to_sixty_units():
    assert legal_name(LONG) == LONG[:60] == "华东机电有限公司" * 7 + "华东机电"
    hostile = "CON/" + "<x>" * 3334
    assert legal_name(hostile) == "CON_" + "x_" * 28


def test_a_cut_that_ends_in_a_space_or_dot_is_trimmed_and_a_cut_device_is_caught():
    assert legal_name("a" * 59 + " b") == "a" * 59
    assert legal_name("a" * 59 + ".b") == "a" * 59
    assert legal_name("COM1" + " " * 60 + "x") == "_COM1"
    assert legal_name("CON" + " " * 60, 10) == "_CON"
    assert legal_name("COM1 x.docx", 5) == "_COM1"
    assert legal_name("CON .d", 6) == "_CON"  # "_CON ." cut from "_CON .d", then trimmed


def test_lengths_are_utf16_units_and_a_wide_character_is_never_split():
    assert utf16_units("a" + WIDE + "甲") == 4 and type(utf16_units("ab")) is int
    assert cut("\uffff" * 3, 2) == "\uffff" * 2  # the last BMP character counts 1
    assert cut("\U00010000a", 2) == "\U00010000"  # the first one outside counts 2
    assert cut("a" + WIDE + "b", 2) == "a" and cut("a" + WIDE + "b", 3) == "a" + WIDE
    assert cut("abc", 0) == "" and cut("abc", 3) == "abc"
    assert legal_name(WIDE * 40) == WIDE * 30
    assert legal_name("a" + WIDE * 40) == "a" + WIDE * 29
    assert utf16_units(legal_name("a" + WIDE * 40)) == 59
    assert legal_name("abcdef", 4) == "abcd"


def test_a_byte_cut_never_splits_a_character():
    assert cut_bytes("甲乙", 5) == "甲" and cut_bytes("甲乙", 6) == "甲乙"
    assert cut_bytes(WIDE + "a", 3) == "" and cut_bytes("abc", -1) == ""


def test_a_hashed_name_is_the_clean_text_cut_to_make_room_for_its_suffix():
    assert hashed_name("KH/01") == "KH_01-" + _sha6("KH/01")
    long_id = "客户/" + "苏州恒通电子有限公司" * 6
    expected = ("客户_" + "苏州恒通电子有限公司" * 6)[:53] + "-" + _sha6(long_id)
    assert hashed_name(long_id) == expected
    assert hashed_name("CON") == "_CON-" + _sha6("CON")
    assert hashed_name(WIDE * 40) == WIDE * 26 + "-" + _sha6(WIDE * 40)
    assert hashed_name("abcdefghij", 10) == "abc-" + _sha6("abcdefghij")
    assert hashed_name("ab " + "x" * 20, 10) == "ab-" + _sha6("ab " + "x" * 20)


def test_folder_names_keep_plain_upper_case_ids_and_hash_the_rest():
    assert folder_name("KH0001") == "KH0001"
    assert folder_name("苏州甲-01") == "苏州甲-01"
    assert folder_name("kh01") == "kh01-" + _sha6("kh01")
    assert folder_name("Kh01") == "Kh01-" + _sha6("Kh01")
    assert folder_name("KH01.") == "KH01-" + _sha6("KH01.")
    assert folder_name("CON") == "_CON-" + _sha6("CON")
    assert folder_name("KH\u202e01") == "KH_01-" + _sha6("KH\u202e01")
    assert folder_name("K" * 61) == "K" * 53 + "-" + _sha6("K" * 61)
    assert folder_name("K" * 60) == "K" * 60
    assert folder_name("ABCDEFGHIJ", 9) == "AB-" + _sha6("ABCDEFGHIJ")


def test_ids_that_windows_would_put_in_one_folder_get_distinct_folders():
    ids = ["KH01", "kh01", "Kh01", "kH01", "KH01.", "KH01..", "KH01 .", "KH/01", "KH:01"]
    folders = [folder_name(i) for i in ids]
    assert len({f.casefold() for f in folders}) == len(ids)
    assert folders == [folder_name(i) for i in ids]  # the same in every run


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CON.docx", "_CON.docx"),
        ("aux .docx", "_aux.docx"),
        ("报告?.DOCX", "报告_.DOCX"),
        ("KH01.", "KH01"),
        ("a.b.docx", "a.b.docx"),
        (".docx", "_.docx"),
        ("x" * 300 + ".docx", "x" * 55 + ".docx"),
        ("x.verylongext", "x.verylongext"),
    ],
)
def test_file_names_keep_their_extension(name, expected):
    assert legal_file_name(name) == expected


def test_an_extension_is_a_dot_and_one_to_eight_letters_or_digits():
    assert split_suffix("催款函.docx") == ("催款函", ".docx")
    assert split_suffix("a.12345678") == ("a", ".12345678")
    assert split_suffix("a.123456789") == ("a.123456789", "")
    assert split_suffix("a.") == ("a.", "") and split_suffix("a.d x") == ("a.d x", "")
    assert split_suffix("a.文档") == ("a.文档", "") and split_suffix("abc") == ("abc", "")


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("KH01_催款函.docx", ".KH01_催款函."),
        ("a.csv", ".a."),
        ("x" * 30 + ".csv", "." + "x" * 15 + "."),
        ("x" * 31 + ".csv", "." + "x" * 16 + "."),
        ("甲" * 80 + ".docx", "." + "甲" * 65 + "."),
        ("甲" * 100 + ".docx", "." + "甲" * 78 + "."),
        ("x" * 250 + ".docx", "." + "x" * 235 + "."),
        (WIDE * 60 + ".pdf", "." + WIDE * 52 + "."),
    ],
)
def test_a_temporary_name_is_no_longer_than_its_file_and_within_255_bytes(name, prefix):
    assert temporary_affixes(name) == (prefix, name[len(split_suffix(name)[0]) :] + ".part")
    temporary = prefix + "abcdefgh" + temporary_affixes(name)[1]
    assert len(temporary.encode("utf-8")) <= 255
    if utf16_units(split_suffix(name)[0]) > 30:
        assert utf16_units(temporary) <= utf16_units(name)


def test_a_legal_long_name_is_written_through_its_shortened_temporary_name(tmp_path):
    target = tmp_path / ("甲" * 79 + "xx.docx")  # a 244-byte name: 259 bytes with the old prefix
    assert len(target.name.encode("utf-8")) == 244
    seen = []

    def save(temporary):
        seen.append(temporary.name)
        temporary.write_bytes(b"x")

    atomic_save(target, save)
    assert target.read_bytes() == b"x" and [p.name for p in tmp_path.iterdir()] == [target.name]
    assert seen[0].startswith("." + "甲" * 66 + ".") and seen[0].endswith(".docx.part")
    assert len(seen[0].encode("utf-8")) == 1 + 198 + 1 + 8 + 10
