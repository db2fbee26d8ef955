"""Spreadsheet exports: every CSV we hand out is written here, so none can carry a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@` as a
formula (`=HYPERLINK(...)` typed as a contributor's name becomes a live link), and some also
after a leading tab or carriage return. Such a text cell gets a leading apostrophe (OWASP,
"CSV Injection"): the spreadsheet shows the text and runs nothing. Numbers stay numbers.
"""
import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should read it: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header, rows):
    """A whole CSV document, header first, every cell passed through `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
