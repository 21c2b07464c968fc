"""External links in a package: which point at the add-in, and removing those (relink)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from creditbook.workbooks._xlsx import (
    DEFINED_NAME,
    FORMULA,
    MAIN_NS,
    PKG_REL_NS,
    REL_NS,
    plain_udf_calls,
    required,
    rewrite,
    sheet_parts,
)

Q = f"{{{MAIN_NS}}}"

EXTERNAL_LINK = f"{REL_NS}/externalLink"
_ADDIN = re.compile(r"\.xla[mx]?$", re.IGNORECASE)
_LINK_INDEX = re.compile(r"(?<![\w\]])\[(\d+)\]")


@dataclass(frozen=True)
class ExternalLink:
    """One entry of the workbook's external references ([n] in formulas, 1-based)."""

    index: int
    part: str  # e.g. xl/externalLinks/externalLink1.xml
    target: str  # the linked file as Excel recorded it
    names: tuple[str, ...]  # the names the workbook uses from it

    @property
    def is_addin(self) -> bool:
        """An add-in (.xlam) or a link that only lends CB_ functions."""
        return bool(_ADDIN.search(self.target)) or bool(
            self.names and all(n.upper().startswith("CB_") for n in self.names)
        )


def external_links(data: bytes) -> list[ExternalLink]:
    """The workbook's external links in [n] order (none: an empty list)."""
    from lxml import etree

    package = zipfile.ZipFile(io.BytesIO(data))
    workbook = etree.fromstring(package.read("xl/workbook.xml"))
    rels = _relationships(package, "xl/_rels/workbook.xml.rels")
    links = []
    for index, ref in enumerate(workbook.iter(f"{Q}externalReference"), start=1):
        part = _part_path("xl", rels[required(ref, f"{{{REL_NS}}}id")])
        link = etree.fromstring(package.read(part))
        own = _relationships(package, _rels_of(part))
        book = link.find(f"{Q}externalBook")
        target = own.get(book.get(f"{{{REL_NS}}}id", ""), "") if book is not None else ""
        names = tuple(n.get("name", "") for n in link.iter(f"{Q}definedName"))
        links.append(ExternalLink(index, part, target, names))
    return links


def without_addin_links(data: bytes) -> tuple[bytes, list[ExternalLink], int]:
    """Formulas calling CB_ functions plainly, and the add-in's external links removed.

    Other external links keep working: their [n] is renumbered in every formula and
    defined name. Returns (package, removed links, number of formulas changed).
    """
    links = external_links(data)
    removed = [link for link in links if link.is_addin]
    kept = [link for link in links if not link.is_addin]
    renumber = {link.index: new for new, link in enumerate(kept, start=1)}
    gone = {link.part for link in removed} | {_rels_of(link.part) for link in removed}
    sheets = set(sheet_parts(data).values())
    changed = 0

    def formula(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        text = match.group(2).decode("utf-8")
        new = _renumber(plain_udf_calls(text), renumber)
        changed += new != text
        return match.group(1) + new.encode("utf-8") + match.group(3)

    def change(name: str, content: bytes) -> bytes | None:
        if name in gone:
            return None
        if name in sheets:
            return FORMULA.sub(formula, content)
        if name == "xl/workbook.xml":
            content = DEFINED_NAME.sub(formula, content)
            return _drop_references(content, [link.index for link in removed])
        if name == "xl/_rels/workbook.xml.rels":
            return _drop_relationships(content, {link.part for link in removed})
        if name == "[Content_Types].xml":
            return _drop_overrides(content, {link.part for link in removed})
        return content

    return rewrite(data, change), removed, changed


def _renumber(formula: str, renumber: dict[int, int]) -> str:
    def swap(match: re.Match[str]) -> str:
        new = renumber.get(int(match.group(1)))
        return match.group(0) if new is None else f"[{new}]"

    if not renumber:
        return formula
    parts = formula.split('"')  # text between quotes is a string literal, not a reference
    parts[::2] = [_LINK_INDEX.sub(swap, part) for part in parts[::2]]
    return '"'.join(parts)


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    from lxml import etree

    if part not in package.namelist():
        return {}
    root = etree.fromstring(package.read(part))
    return {
        required(r, "Id"): required(r, "Target") for r in root.iter(f"{{{PKG_REL_NS}}}Relationship")
    }


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def _part_path(folder: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"


def _drop_references(xml: bytes, indexes: list[int]) -> bytes:
    from lxml import etree

    if not indexes:
        return xml
    root = etree.fromstring(xml)
    container = root.find(f"{Q}externalReferences")
    if container is None:
        return xml
    references = list(container)
    for index in indexes:
        container.remove(references[index - 1])
    if not len(container):
        root.remove(container)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_relationships(xml: bytes, parts: set[str]) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    for rel in list(root):
        if rel.get("Type") == EXTERNAL_LINK and _part_path("xl", rel.get("Target", "")) in parts:
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_overrides(xml: bytes, parts: set[str]) -> bytes:
    from lxml import etree

    root = etree.fromstring(xml)
    for item in list(root):
        if (item.get("PartName") or "").lstrip("/") in parts:
            root.remove(item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
