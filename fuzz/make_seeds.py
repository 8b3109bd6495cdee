#!/usr/bin/env python3
"""Writes the small seed corpus of each fuzz target under fuzz/seeds/<target>/.

Seeds are cut from the sample exports and invoices (tests/fixtures/girofle-2024) and the
error catalogue (tests/errors, tests/malformed): a few rows each, so that libFuzzer's
executions stay fast. Run from anywhere: python3 fuzz/make_seeds.py
"""
import io
import json
import pathlib
import re
import shutil
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX = ROOT / "tests/fixtures/girofle-2024"
PAHEKO = FIX / "paheko"
SEEDS = ROOT / "fuzz/seeds"
NAME = "Le Cloud Girofle   Export comptable   {}   Exercice 2024.{}"


def head_lines(path, n):
    data = path.read_bytes()
    return b"".join(data.splitlines(keepends=True)[:n])


def put(target, name, data):
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def small_ods(path, rows):
    """The ODS with its header and first `rows` table rows (Paheko's layout kept)."""
    with zipfile.ZipFile(path) as src:
        content = src.read("content.xml").decode()
        start = content.index("<table:table-row")
        end = content.index("</table:table>")
        body = content[start:end]
        kept = re.findall(r"<table:table-row.*?</table:table-row>", body, re.S)[: rows + 1]
        content = content[:start] + "\n".join(kept) + content[end:]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                data = content.encode() if info.filename == "content.xml" else src.read(info)
                method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
                dst.writestr(info.filename, data, compress_type=method)
        return out.getvalue(), content.encode()


def small_xlsx(path, rows):
    """The XLSX with its first `rows` + 1 sheet rows."""
    with zipfile.ZipFile(path) as src:
        sheet = src.read("xl/worksheets/sheet1.xml").decode()
        start = sheet.index("<row ")
        end = sheet.index("</sheetData>")
        kept = re.findall(r"<row .*?</row>", sheet[start:end], re.S)[: rows + 1]
        sheet = sheet[:start] + "".join(kept) + sheet[end:]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
                dst.writestr(info.filename, data)
        return out.getvalue(), sheet.encode()


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    # fuzz/regressions/<target>/ (the crashes and hangs found, kept by hand) is not touched.
    # --- books_text: every text export, cut to a few transactions.
    for kind in ["Complet", "Groupé", "Simplifié", "FEC"]:
        put("books_text", f"{kind}.csv", head_lines(PAHEKO / NAME.format(kind, "csv"), 12))
    put("books_text", "fec.txt", head_lines(PAHEKO / "ASSOFEC20241231.txt", 12))
    items = json.loads((PAHEKO / "Le Cloud Girofle - Export comptable - Complet - Exercice 2024.json").read_text())
    put("books_text", "api.json", json.dumps(items[:6], ensure_ascii=False).encode())
    chart = next(PAHEKO.glob("Plan comptable*.csv"))
    put("books_text", "plan.csv", head_lines(chart, 12))
    complet = head_lines(PAHEKO / NAME.format("Complet", "csv"), 12).decode()
    put("books_text", "complet-1252-crlf.csv", complet.replace("\n", "\r\n").encode("cp1252", "replace"))
    put("books_text", "complet-utf16.csv", "\ufeff".encode("utf-16-le") + complet.encode("utf-16-le"))
    put("books_text", "complet-mac.csv", complet.replace("\n", "\r").encode())
    for path in sorted((ROOT / "tests/errors").glob("*.csv")) + sorted((ROOT / "tests/errors").glob("*.json")):
        put("books_text", "errors-" + path.name, head_lines(path, 12))
    # --- books_zip and spreadsheet_xml: small real workbooks, and their XML.
    for kind in ["Complet", "Simplifié", "FEC"]:
        ods, content = small_ods(PAHEKO / NAME.format(kind, "ods"), 6)
        put("books_zip", f"{kind}.ods", ods)
        put("spreadsheet_xml", f"ods-{kind}.xml", b"\x00" + content)
        xlsx, sheet = small_xlsx(PAHEKO / NAME.format(kind, "xlsx"), 6)
        put("books_zip", f"{kind}.xlsx", xlsx)
        put("spreadsheet_xml", f"xlsx-{kind}.xml", b"\x01" + sheet)
    put("books_zip", "corrupt.ods", (ROOT / "tests/errors/corrupt_spreadsheet.ods").read_bytes())
    put("spreadsheet_xml", "shared.xml", b"\x02" + b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Libell\xc3\xa9</t></si><si><r><t>D\xc3\xa9</t></r><r><t>bit</t></r></si><si><t xml:space="preserve"> x </t></si></sst>')
    # --- chart: rows under the fixed header.
    body = b"".join(chart.read_bytes().splitlines(keepends=True)[1:30])
    put("chart", "plan.csv", body)
    put("chart", "positions.csv", "6068,Autres,,Charges,,\n604a,Achats,,Charge,1,\n,Vide,,Actif,,\n".encode())
    # --- ovh_json: a few bills, a refund, the {bills, refunds} shape.
    bills = json.loads((FIX / "factures/ovh/bills-2024.json").read_text())
    put("ovh_json", "bills.json", json.dumps(bills[:3], ensure_ascii=False, indent=1).encode())
    refund = {"refundId": "AFR1", "originalBillId": bills[0]["billId"], "date": "2024-03-01T10:00:00+01:00",
              "priceWithTax": {"currencyCode": "EUR", "value": 12.5}, "priceWithoutTax": {"currencyCode": "EUR", "value": 10.42}}
    put("ovh_json", "refund.json", json.dumps(refund).encode())
    put("ovh_json", "both.json", json.dumps({"bills": bills[:1], "refunds": [refund]}).encode())
    # --- control_panel_csv and mapped.
    put("control_panel_csv", "kimsufi.csv", (FIX / "factures/kimsufi/factures-2024.csv").read_bytes())
    put("control_panel_csv", "kimsufi-1252.csv",
        "Référence;Numéro de commande;Date d’émission;Montant HT;Montant TTC\r\nFR1;42;05/01/2024;10,00 €;12,00 €\r\nAFR2;43;06/01/2024;-1 000,00 €;-1 200,00 €\r\n".encode("cp1252"))
    retzo = (FIX / "factures/retzo/factures-retzo-2024.csv").read_text().splitlines()
    rows = ["Numéro;Date;Désignation;Montant HT;Montant TTC;Service"]
    for line in retzo[1:6]:
        number, date, label, ttc = line.split(";")
        rows.append(f"{number};{date};{label};{ttc};{ttc};sauvegarde")
    put("mapped", "retzo.csv", ("\n".join(rows) + "\n").encode())
    # --- config_toml and decisions_toml.
    put("config_toml", "girofle.toml", (ROOT / "samples/girofle-2024/rappro.toml").read_bytes())
    put("config_toml", "minimal.toml", b'[comptabilite]\nexports = ["*.csv"]\n')
    put("config_toml", "colonnes.toml", '[exercice]\ndebut = "01/07/2024"\nfin = "30/06/2025"\n[comptabilite]\nexports = ["**/*.csv"]\nmontants = "HT"\n[[projets]]\nnom = "A"\nalias = ["a"]\n[[fournisseurs]]\nid = "x"\ncomptes = ["604"]\nfactures = ["f/*.csv"]\nformat = "colonnes"\n[fournisseurs.colonnes]\nnumero = "N"\ndate = "D"\nmontant_ttc = "T"\nservice = "S"\n[[regles]]\nmotif = "ns*"\nprojet = "a"\n[tolerances]\njours = 3\nmontant = "0,05"\n'.encode())
    put("decisions_toml", "decisions.toml", '[[decision]]\ntype = "amount_mismatch"\nfacture = "FR05139823"\nraison = "Avoir de 0,36 € reçu en avril"\npar = "Trésorière"\ndate = "2025-02-10"\n\n[[decision]]\ntype = "entry_without_invoice"\necriture = 228\nraison = "x"\n'.encode())
    # --- pipeline: a Complet export and OVH bills; a Complet export and a mapped list.
    put("pipeline", "ovh.txt", head_lines(PAHEKO / NAME.format("Complet", "csv"), 40) + b"\n#####\n" + json.dumps(bills[:4]).encode())
    put("pipeline", "retzo.txt", head_lines(PAHEKO / NAME.format("Complet", "csv"), 40) + b"\n#####\n" + ("\n".join(rows) + "\n").encode())
    # Several exports booked together (copies, content de-duplication, years): the pipeline
    # target's books parts, then an invoice part.
    sep = b"\n#####\n"
    put("pipeline", "complet-fec-simple-ovh.txt", sep.join([
        head_lines(PAHEKO / NAME.format("Complet", "csv"), 20),
        head_lines(PAHEKO / "ASSOFEC20241231.txt", 20),
        head_lines(PAHEKO / NAME.format("Simplifié", "csv"), 10),
        json.dumps(bills[:2]).encode()]))
    # --- init_sniff: the heads init reads.
    for source in ["books_text", "ovh_json", "control_panel_csv", "mapped"]:
        for path in sorted((SEEDS / source).glob("*"))[:6]:
            put("init_sniff", f"{source}-{path.name}", path.read_bytes())
    # Extra seeds from the malformed-input corpus, by reader.
    malformed = ROOT / "tests/malformed"
    if malformed.is_dir():
        for case in sorted(malformed.iterdir()):
            for path in sorted(case.rglob("*")):
                if not path.is_file() or path.suffix in {".stderr", ".status"}:
                    continue
                target = {"rappro.toml": "config_toml", "decisions.toml": "decisions_toml"}.get(path.name)
                if target is None:
                    parts = path.relative_to(case).parts
                    if parts[0] == "ovh":
                        target = "ovh_json"
                    elif parts[0] == "kimsufi":
                        target = "control_panel_csv"
                    elif parts[0] == "retzo":
                        target = "mapped"
                    elif path.suffix in {".ods", ".xlsx"}:
                        target = "books_zip"
                    else:
                        target = "books_text"
                data = path.read_bytes()
                if len(data) <= 64 * 1024:
                    put(target, f"malformed-{case.name}-{path.name}", data)
                if target == "books_zip" and len(data) <= 64 * 1024:
                    for part, xml in workbook_xml(data):
                        put("spreadsheet_xml", f"malformed-{case.name}-{path.stem}-{part}.xml", xml)
            # The books of the cases about mixes and years, booked together by `pipeline`.
            books = [p for p in sorted(case.rglob("*")) if p.is_file() and p.suffix not in {".stderr", ".status", ".toml", ".md"}
                     and p.relative_to(case).parts[0] not in {"ovh", "kimsufi", "retzo", "factures", "banque"}]
            if case.name.startswith(("mix_", "year_", "fec_", "simplifie_")) and 1 <= len(books) <= 3:
                parts = [p.read_bytes() for p in books]
                if sum(map(len, parts)) <= 64 * 1024:
                    put("pipeline", f"malformed-{case.name}.txt", sep.join(parts + [b""]))
    # Real-world FEC files (tests/fixtures/real-world/fec): their heads, numbered their own way.
    for path in sorted((ROOT / "tests/fixtures/real-world/fec").glob("*FEC*")):
        put("books_text", f"real-world-{path.name}", head_lines(path, 16))
    # Files that are not exports (reports, README, bank statements, invoices).
    for path in sorted((ROOT / "tests/fixtures/not-exports").iterdir()):
        if path.is_file() and path.name not in {"SOURCES.md"}:
            data = path.read_bytes()
            target = "books_zip" if data.startswith(b"PK") else "books_text"
            put(target, f"not-export-{path.name}", data[: 16 * 1024])


def workbook_xml(data):
    """The parts the spreadsheet_xml target fuzzes (first byte: 0 ODS content, 1 XLSX sheet,
    2 XLSX shared strings) from a small workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            # A zip bomb's parts are not unpacked.
            names = [i.filename for i in src.infolist() if i.file_size <= 256 * 1024]
            out = []
            if "content.xml" in names:
                out.append(("content", b"\x00" + src.read("content.xml")))
            if "xl/worksheets/sheet1.xml" in names:
                out.append(("sheet", b"\x01" + src.read("xl/worksheets/sheet1.xml")))
            if "xl/sharedStrings.xml" in names:
                out.append(("shared", b"\x02" + src.read("xl/sharedStrings.xml")))
            return out
    except zipfile.BadZipFile:
        return []


if __name__ == "__main__":
    main()
