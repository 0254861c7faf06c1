"""Safe CSV and XLSX exports: nothing a spreadsheet could run as a formula, text round-trips."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from acthub.core.exports import (
    FORMULA_TRIGGERS,
    csv_cell,
    csv_response,
    csv_text,
    neutralise,
    xlsx_bytes,
    xlsx_response,
)

DANGEROUS = ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")', "-"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_text_gets_an_apostrophe(value):
    assert neutralise(value) == "'" + value
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "ການຝຶກອົບຮົມ", "สวัสดี", "a=b", "1-2", "", " =x", "'=quoted"])
def test_harmless_text_is_untouched(value):
    assert neutralise(value) == value


def test_numbers_dates_and_none_are_values_not_text():
    assert [neutralise(v) for v in (-5, -1.5, Decimal("-2.50"), None)] == [-5, -1.5, Decimal("-2.50"), None]
    assert [csv_cell(v) for v in (-5, Decimal("86.0000"), date(2021, 6, 30), None, True)] == [
        "-5",
        "86.0000",
        "2021-06-30",
        "",
        "yes",
    ]


def test_csv_text_neutralises_every_cell_and_keeps_lao_and_thai():
    text = csv_text([["name", "value"], ["=cmd|' /C calc'!A0", -3], ["ນາງ ສົມສີ", "นางสาว สมใจ"]], bom=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["name", "value"], ["'=cmd|' /C calc'!A0", "-3"], ["ນາງ ສົມສີ", "นางสาว สมใจ"]]


def test_xlsx_cells_are_text_never_formulas():
    data = xlsx_bytes({"data": [["header"], *([v] for v in DANGEROUS), [-7], ["ລາວ ไทย"]]})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["data"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    for cell, value in zip(cells, DANGEROUS, strict=False):
        # (XML stores a carriage return as a line feed: compare without it.)
        assert cell.data_type == "s" and cell.value == "'" + value.replace("\r", "\n")
    assert cells[len(DANGEROUS)].value == -7 and cells[len(DANGEROUS)].data_type == "n"
    assert cells[-1].value == "ລາວ ไทย"
    assert sheet["A1"].font.bold


def test_responses_are_downloads():
    response = csv_response("figures.csv", [["a"], ["=1"]])
    assert response["Content-Disposition"] == 'attachment; filename="figures.csv"'
    assert b"".join(response.streaming_content).decode("utf-8-sig") == "a\r\n'=1\r\n"
    workbook = xlsx_response("figures.xlsx", {"sheet": [["a"], ["@x"]]})
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(io.BytesIO(workbook.content))["sheet"]["A2"].value == "'@x"


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_exported_cell_starts_a_formula(values):
    for row in csv.reader(io.StringIO(csv_text([values]))):
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS) or cell == ""
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"s": [values]}, bold_first_row=False)))["s"]
    for cell in next(sheet.iter_rows()):
        assert cell.data_type != "f"
        assert not (cell.value or "").startswith(FORMULA_TRIGGERS)
