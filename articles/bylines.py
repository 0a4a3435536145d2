"""Names as the paper prints them, typed into the page desk and written back the same way.

    记者 李雅萍 通讯员 王立伟          a byline: a role word, then the names it credits
    人民日报记者 胡健 乔栋             a role word with the paper the people work for
    马龙（本报记者） 臧媛慧            namesakes told apart as the person list does
    脱贫攻坚、大数据                   topics; places may name their parent: 临县›城关镇

Pure functions: no database. The desk (articles/desk.py) looks the names up.
"""

import re
from dataclasses import dataclass

SEPARATORS = " \t\r\n、，,；;/"
OPENING, CLOSING = "（(", "）)"
NOTE = re.compile(r"^(?P<name>[^（(]+)[（(](?P<note>[^）)]*)[）)]$")
PATH = re.compile(r"\s*[›>]\s*")
OWN_PAPER = "本报"  # 本报记者: a staff reporter of the paper itself
PHOTO_MARK = "摄"  # 肖继旺 薛晋军 摄


@dataclass(frozen=True)
class Name:
    """One name as typed: 马龙（本报记者） is name 马龙, note 本报记者."""

    name: str
    note: str = ""
    role: str = ""  # a credit role's value; "" in a field with a single role
    affiliation: str = ""  # the paper before the role word (人民日报记者), "" for our own

    def __str__(self):
        return f"{self.name}（{self.note}）" if self.note else self.name


def tokens(text: str) -> list[str]:
    """Split at spaces and list punctuation, but not inside brackets: 马龙（本报记者，2015年起）
    is one token."""
    found, current, depth = [], "", 0
    for char in text or "":
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        if char in SEPARATORS and depth == 0:
            if current:
                found.append(current)
            current = ""
        else:
            current += char
    if current:
        found.append(current)
    return found


def as_name(token: str, **extra) -> Name:
    match = NOTE.match(token)
    if match:
        return Name(match["name"].strip(), match["note"].strip(), **extra)
    return Name(token.strip(), **extra)


def split_names(text: str) -> list[Name]:
    """Names of a field with one role (组版, 责编, 校对, photographers): 马龙 臧媛慧."""
    return [as_name(token) for token in tokens(text) if token != PHOTO_MARK]


def parse_byline(text: str, roles: dict[str, str], default_role: str) -> list[Name]:
    """A byline: `roles` maps each role word (记者) to its value (reporter); names before any role
    word get `default_role`. A role word may follow the paper of the people after it."""
    names, role, affiliation = [], default_role, ""
    for token in tokens(text):
        found = _role_word(token, roles)
        if found is not None:
            role, affiliation = found
        elif token != PHOTO_MARK:
            names.append(as_name(token, role=role, affiliation=affiliation))
    return names


def _role_word(token: str, roles: dict[str, str]) -> tuple[str, str] | None:
    """(role, affiliation) when `token` is a role word, maybe after a paper's name."""
    for word, role in sorted(roles.items(), key=lambda item: -len(item[0])):
        if token == word:
            return role, ""
        if token.endswith(word) and not NOTE.match(token):
            paper = token[: -len(word)]
            return role, "" if paper == OWN_PAPER else paper
    return None


def format_names(names) -> str:
    """The typed form of a list of names (or of people: str() is their typed form)."""
    return " ".join(str(name) for name in names)


def format_byline(credits: list[tuple[str, str, str]], role_words: dict[str, str]) -> str:
    """The typed form of credits given as (role, affiliation, typed name), in order: a role word
    (`role_words` maps a role to it) whenever the role or the paper changes."""
    parts, previous = [], None
    for role, affiliation, name in credits:
        if (role, affiliation) != previous:
            parts.append(f"{affiliation}{role_words.get(role, role)}")
            previous = (role, affiliation)
        parts.append(name)
    return " ".join(parts)


def split_path(token: str) -> tuple[str, str]:
    """A place as typed, 临县›城关镇, as (parent's name or "", name)."""
    *parents, name = PATH.split(token.strip())
    return (parents[-1] if parents else ""), name


def parse_regions(text: str) -> list[tuple[float, float, float, float]]:
    """Regions as typed or drawn: "x y 宽 高" as fractions of the page image, several separated
    by semicolons or lines. Raises ValueError naming the part that is not four numbers."""
    regions = []
    for part in re.split(r"[;；\n]+", text or ""):
        if not part.strip():
            continue
        numbers = [item for item in re.split(r"[\s,，]+", part.strip()) if item]
        if len(numbers) != 4:
            raise ValueError(part.strip())
        try:
            regions.append(tuple(float(number) for number in numbers))
        except ValueError:
            raise ValueError(part.strip()) from None
    return regions


def format_regions(regions) -> str:
    """The typed form of regions (objects with x, y, width, height)."""
    return "; ".join(
        f"{region.x:.3f} {region.y:.3f} {region.width:.3f} {region.height:.3f}"
        for region in regions
    )
