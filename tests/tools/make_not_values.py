#!/usr/bin/env python3
"""Writes the workbooks of the « cells that are not values » reproducers (not_a_value).

Run once from the repository root: `python3 tests/tools/make_not_values.py`. The files are
committed; this script says how they were made (ZIP entries get a fixed date, so running it
again gives the same bytes). Each workbook is a small Paheko Complet export (or a Retzo
invoice list) in which some cells hold no value: a formula saved without its result, an
error result, a formula typed as text, formulas the workbook asks to recompute on opening.
"""

import zipfile
from xml.sax.saxutils import escape

HEADER = ["Numéro d'écriture", "Type", "Statut", "Libellé", "Date", "Remarques",
          "Numéro pièce comptable", "Numéro compte", "Libellé compte", "Débit", "Crédit",
          "Référence ligne", "Libellé ligne", "Rapprochement", "Lettrage",
          "Projet analytique", "Membres associés"]


def line(number, kind, label, date, piece, account, account_label, debit, credit):
    return [number, kind, "", label, date, "", piece, account, account_label, debit, credit,
            "", "", 0, "", "", ""]


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)


def col_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# --- XLSX --------------------------------------------------------------------------------

def xlsx_cell(ref, value):
    """A cell: str → inline string, int/float → number, ("f", formula, cached) → formula
    (cached None: no result saved), ("e", error, formula) → error result."""
    if isinstance(value, tuple) and value[0] == "f":
        _, formula, cached = value
        v = "" if cached is None else f"<v>{cached}</v>"
        return f'<c r="{ref}"><f>{escape(formula)}</f>{v}</c>'
    if isinstance(value, tuple) and value[0] == "e":
        _, error, formula = value
        f = "" if formula is None else f"<f>{escape(formula)}</f>"
        return f'<c r="{ref}" t="e">{f}<v>{escape(error)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if value == "":
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def write_xlsx(path, sheet, rows, calc_pr=""):
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(xlsx_cell(f"{col_name(c)}{r}", v) for c, v in enumerate(row))
        sheet_rows.append(f'<row r="{r}">{cells}</row>')
    content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets>{calc_pr}</workbook>')
    workbook_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    worksheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                 + "".join(sheet_rows) + '</sheetData></worksheet>')
    d = zipfile.ZIP_DEFLATED
    write_zip(path, [("[Content_Types].xml", content_types, d), ("_rels/.rels", rels, d),
                     ("xl/workbook.xml", workbook, d), ("xl/_rels/workbook.xml.rels", workbook_rels, d),
                     ("xl/worksheets/sheet1.xml", worksheet, d)])


# --- ODS ---------------------------------------------------------------------------------

def ods_cell(value):
    """str → string, int/float → float, ("f", formula, cached) → formula (cached None: no
    result saved), ("e", shown, formula) → an error result as LibreOffice saves it."""
    if isinstance(value, tuple) and value[0] == "f":
        _, formula, cached = value
        if cached is None:
            return f'<table:table-cell table:formula="{escape(formula)}"/>'
        return (f'<table:table-cell table:formula="{escape(formula)}" office:value-type="float" '
                f'office:value="{cached}"><text:p>{cached}</text:p></table:table-cell>')
    if isinstance(value, tuple) and value[0] == "e":
        _, shown, formula = value
        return (f'<table:table-cell table:formula="{escape(formula)}" office:value-type="string" '
                f'office:string-value="" calcext:value-type="error"><text:p>{escape(shown)}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}" calcext:value-type="float">'
                f'<text:p>{value}</text:p></table:table-cell>')
    if value == "":
        return "<table:table-cell/>"
    return (f'<table:table-cell office:value-type="string" calcext:value-type="string">'
            f'<text:p>{escape(value)}</text:p></table:table-cell>')


def write_ods(path, sheet, rows):
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>\n"
                   for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="{escape(sheet)}">\n{body}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    write_zip(path, [("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
                     ("content.xml", content, zipfile.ZIP_DEFLATED),
                     ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)])


def main():
    # tests/errors/not_a_value.xlsx: the Débit of J3 is a formula saved without its result
    # (a library wrote it, no spreadsheet computed it); read as empty, the transaction
    # would not balance, or worse.
    write_xlsx("tests/errors/not_a_value.xlsx", "Export", [
        HEADER,
        line(6, "Recette", "Cotisation AMAP Nantes", "2024-01-06", "", "5121", "Compte courant", ("f", "K3", None), 0),
        line(6, "Recette", "Cotisation AMAP Nantes", "2024-01-06", "", "7562", "Cotisations avec contrepartie", 0, 125),
    ])

    # tests/malformed/xlsx_formula_no_value: a formula without result (J2), an error (#REF!,
    # K5), a number typed as a formula (=12.5, J6), and a good transaction (8).
    write_xlsx("tests/malformed/xlsx_formula_no_value/export.xlsx", "Export", [
        HEADER,
        line(5, "Dépense", "Facture OVH FR1", "2024-01-04", "FR1", "604A", "Achats", ("f", "K3", None), 0),
        line(5, "Dépense", "Facture OVH FR1", "2024-01-04", "FR1", "5121", "Compte courant", 0, 30.56),
        line(6, "Dépense", "Facture Kimsufi KS1", "2024-02-12", "KS1", "604F", "Achats", 77.26, 0),
        line(6, "Dépense", "Facture Kimsufi KS1", "2024-02-12", "KS1", "5121", "Compte courant", 0, ("e", "#REF!", "J4-#REF!")),
        line(7, "Dépense", "Facture Retzo R1", "2024-03-03", "R1", "604C", "Achats", "=12.5", 0),
        line(7, "Dépense", "Facture Retzo R1", "2024-03-03", "R1", "5121", "Compte courant", 0, 12.5),
        line(8, "Recette", "Don", "2024-04-01", "", "5121", "Compte courant", 40, 0),
        line(8, "Recette", "Don", "2024-04-01", "", "754", "Dons", 0, 40),
    ])

    # tests/malformed/xlsx_recalculated_on_load: written by a library (XlsxWriter style):
    # every formula saved with 0 as its result and fullCalcOnLoad set.
    write_xlsx("tests/malformed/xlsx_recalculated_on_load/export.xlsx", "Export", [
        HEADER,
        line(5, "Dépense", "Facture OVH FR1", "2024-01-04", "FR1", "604A", "Achats", 30.56, 0),
        line(5, "Dépense", "Facture OVH FR1", "2024-01-04", "FR1", "5121", "Compte courant", 0, ("f", "J2", 0)),
        line(8, "Recette", "Don", "2024-04-01", "", "5121", "Compte courant", 40, 0),
        line(8, "Recette", "Don", "2024-04-01", "", "754", "Dons", 0, 40),
    ], calc_pr='<calcPr calcId="124519" fullCalcOnLoad="1"/>')

    # tests/malformed/ods_error_cell: LibreOffice's error cell (#DIV/0!, K3) and a formula
    # saved without its result (J4); transaction 8 is good.
    write_ods("tests/malformed/ods_error_cell/export.ods", "Export", [
        HEADER,
        line(5, "Dépense", "Facture OVH FR1", "2024-01-04", "FR1", "604A", "Achats", 30.56, 0),
        line(5, "Dépense", "Facture OVH FR1", "2024-01-04", "FR1", "5121", "Compte courant", 0, ("e", "#DIV/0!", "of:=[.J2]/0")),
        line(6, "Dépense", "Facture Kimsufi KS1", "2024-02-12", "KS1", "604F", "Achats", ("f", "of:=[.K5]", None), 0),
        line(6, "Dépense", "Facture Kimsufi KS1", "2024-02-12", "KS1", "5121", "Compte courant", 0, 77.26),
        line(8, "Recette", "Don", "2024-04-01", "", "5121", "Compte courant", 40, 0),
        line(8, "Recette", "Don", "2024-04-01", "", "754", "Dons", 0, 40),
    ])

    # tests/malformed/mapped_xlsx_not_a_value: a Retzo list whose total is an error (#VALUE!)
    # on R2 and a formula without result on R3; R1 is read.
    write_xlsx("tests/malformed/mapped_xlsx_not_a_value/retzo/2024.xlsx", "Factures", [
        ["Numéro", "Date", "Désignation", "Montant TTC"],
        ["R1", "2024-03-03", "Hébergement", 55],
        ["R2", "2024-04-03", "Hébergement", ("e", "#VALUE!", "D2*\"x\"")],
        ["R3", "2024-05-03", "Hébergement", ("f", "D2", None)],
    ])


if __name__ == "__main__":
    main()
