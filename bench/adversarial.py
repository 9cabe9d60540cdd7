#!/usr/bin/env python3
"""Hostile inputs for bench/adversarial.sh: one input folder of about SIZE bytes per shape.

    python3 bench/adversarial.py SHAPE SIZE OUT_DIR

Shapes (deterministic, no randomness):
  names        distinct two-word person names, two to a sentence (`Bakomi Rutesa and ...`)
  surname      distinct given names that share one surname (`Bakomi Rutesa`, `Dakomi Rutesa`, ...),
               and that surname alone
  dates        one sentence naming one distinct day after another, with a quotation in it
  dropped      short credit and tag lines that the cleaner drops, one per paragraph
  attributes   a saved page whose one element carries a huge number of attributes
  elements     a saved page with a huge number of (empty and inline) elements
"""
import sys
from pathlib import Path

SYL = ["ba", "ko", "mi", "ru", "te", "sa", "lo", "ne", "vi", "da", "pe", "zu", "fo", "gi", "ha", "ju"]


def word(n: int, syllables: int = 3) -> str:
    out = []
    for _ in range(syllables):
        out.append(SYL[n % len(SYL)])
        n //= len(SYL)
    return "".join(out).capitalize()


def names(size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        a = f"{word(n)} {word(n, 5)}"
        b = f"{word(n + 1)} {word(n + 1, 5)}"
        s = f"{a} and {b} spoke.\n"
        n += 2
        if n % 20 == 0:
            s += "\n"
        parts.append(s)
        total += len(s)
    return "Names\n\n" + "".join(parts)


CONS, VOWELS = "bdfgklmnprstvzhj", "aeiou"


def given(n: int) -> str:
    """A given name whose first four letters differ for the first 6,400 values of `n`."""
    out = ""
    for base in (CONS, VOWELS, CONS, VOWELS):
        out += base[n % len(base)]
        n //= len(base)
    return (out + word(n, 2).lower()).capitalize()


def surname(size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        s = f"{given(n)} Rutesa spoke.\n"
        n += 1
        if n % 10 == 0:
            s += "Later Rutesa left.\n\n"
        parts.append(s)
        total += len(s)
    return "Surname\n\n" + "".join(parts)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def dates(size: int) -> str:
    parts, total, n = ["The council said \"it will meet again soon\" on"], 0, 0
    while total < size:
        s = f" {n % 28 + 1} {MONTHS[n // 28 % 12]} {1000 + n // 336},"
        n += 1
        parts.append(s)
        total += len(s)
    return "Dates\n\n" + "".join(parts) + " and later.\n"


def dropped(size: int) -> str:
    lines = ["Reuters", "Tags", "Source: Keystone", "AFP"]
    parts, total, n = [], 0, 0
    while total < size:
        s = lines[n % len(lines)] + "\n\n"
        n += 1
        parts.append(s)
        total += len(s)
    return "Dropped\n\nThe council met on Monday and agreed to talk again next week in the old hall.\n\n" + "".join(parts)


PAGE_HEAD = ("<!DOCTYPE html><html><head><title>Hostile page</title></head><body><article>"
             "<h1>Hostile page</h1>"
             "<p>The council met on Monday and agreed to talk again next week in the old hall, "
             "officials said after the meeting ended late in the evening.</p>"
             "<p>Delegates from both sides said the talks had been useful and that a second round "
             "would follow before the end of the month.</p>")
PAGE_TAIL = "</article></body></html>\n"


def attributes(size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        s = f' a{n}="x"'
        n += 1
        parts.append(s)
        total += len(s)
    return PAGE_HEAD + "<div" + "".join(parts) + ">text</div>" + PAGE_TAIL


def elements(size: int) -> str:
    unit = "<div></div><span><b>w</b></span>"
    return PAGE_HEAD + "<p>" + unit * (size // len(unit)) + "</p>" + PAGE_TAIL


SHAPES = {"names": (names, "txt"), "surname": (surname, "txt"), "dates": (dates, "txt"),
          "dropped": (dropped, "txt"), "attributes": (attributes, "html"), "elements": (elements, "html")}


def main() -> None:
    shape, size, out = sys.argv[1], int(float(sys.argv[2])), Path(sys.argv[3])
    make, ext = SHAPES[shape]
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{shape}.{ext}").write_text(make(size), encoding="utf-8")


if __name__ == "__main__":
    main()
