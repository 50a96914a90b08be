"""The SOP AP document (issue 11), read as a reader reads it: the PDF's text, column by column with
`pdftotext -layout` cropped to a column, holds every header item, lane, Kegiatan and waktu of both seeds in
order; a long SOP breaks across pages with its headings repeated and an off-page connector on both sides of
the break; pages render (pdftoppm); refusals are clear; the CLI writes PDF and HTML and exits as the rest of it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from engine import model, versions, xmlsafe
from engine.documents import flowchart, layout
from engine.documents import sop as sop_document
from engine.errors import InvalidData, NotFound

SEEDS = {"pengusulan_wbk_wbbm": ROOT / "bpmn" / "inspektorat-nganjuk" / "pengusulan-wbk-wbbm.bpmn",
         "kompetisi_sinovik": ROOT / "bpmn" / "organisasi-mojokerto" / "kompetisi-sinovik.bpmn"}
MM = 72 / 25.4          # pdftotext crops in points at its default 72 dpi
if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
    pytest.skip("!!! pdftotext/pdftoppm missing (Debian's poppler-utils): the printed-document tests do not run",
                allow_module_level=True)


@pytest.fixture
def printing(alur):
    alur.deploy(list(SEEDS.values()), actor="test")
    return alur


def pdf_text(pdf, tmp_path, page=None, x_mm=None, width_mm=None, y_mm=0, height_mm=None,
             paper=layout.PAPERS["a4"]):
    """The text of the PDF (or of one page, or of one band of it, footer included unless `height_mm` says
    otherwise) as pdftotext -layout gives it."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-layout"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    if x_mm is not None:
        args += ["-x", str(int(x_mm * MM)), "-y", str(int(y_mm * MM)), "-W", str(int(width_mm * MM)),
                 "-H", str(int((height_mm or paper.height) * MM))]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def flat(text):
    return re.sub(r"\s+", " ", text).strip()


def assert_in_order(text, items):
    """Each item (whitespace aside) appears in `text`, each after the one before."""
    text, position = flat(text), 0
    for item in items:
        found = text.find(flat(item), position)
        assert found >= 0, f"{item!r} missing or out of order after …{text[max(position - 80, 0):position]!r}"
        position = found + len(flat(item))


def seed_model(process_id):
    data = SEEDS[process_id].read_bytes()
    root = xmlsafe.parse(data, process_id)
    process = next(p for p in model.executable_processes(root) if p.get("id") == process_id)
    built = model.build(root, process)
    return built, flowchart.build(root, process, built)


def column(name):
    """Where a fixed column of the flowchart table lies across an A4 page: (x, width) in mm."""
    x = layout.MARGIN_SIDE
    for key, width in layout.COLUMNS.items():
        if key == name:
            return x, width
        x += width
        if key == "kegiatan":       # the pelaksana columns follow Kegiatan
            x += layout.Geometry(layout.PAPERS["a4"], 5).lanes_width
    raise KeyError(name)


@pytest.mark.parametrize("process_id", list(SEEDS))
def test_the_identity_page_holds_every_header_item_in_order(printing, tmp_path, process_id):
    built, _ = seed_model(process_id)
    header = built["header"]
    pdf = printing.print_sop(process_id)
    # The identity table: instansi and unit on the left 40 %, the items on the right; then two list columns.
    width = layout.PAPERS["a4"].width / 2
    left, right = (pdf_text(pdf, tmp_path, 1, x, width) for x in (0, width))
    items = pdf_text(pdf, tmp_path, 1, layout.MARGIN_SIDE + 0.4 * 277, 180)
    assert_in_order(pdf_text(pdf, tmp_path, 1), [header["instansi"].upper(), header["unit"].upper()])
    dates = [header[k] for k in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_pengesahan", "tanggal_efektif")
             if k in header]
    assert_in_order(items, ["Nomor SOP", header["nomor"], "Tanggal Pembuatan", *dates, "Disahkan Oleh"])
    signer = [p.strip() for p in header["disahkan_oleh"].split(",")]
    assert_in_order(items, [signer[0].upper(), signer[-2], signer[-1], "Nama SOP", header["nama"].upper()])
    assert_in_order(left, ["DASAR HUKUM", *header["dasar_hukum"], "KETERKAITAN", *header["keterkaitan"],
                           "PERINGATAN", *header["peringatan"]])
    assert_in_order(right, ["KUALIFIKASI PELAKSANA", *header["kualifikasi_pelaksana"], "PERALATAN/PERLENGKAPAN",
                            *header["peralatan_perlengkapan"], "PENCATATAN DAN PENDATAAN",
                            *header["pencatatan_pendataan"]])


@pytest.mark.parametrize("process_id", list(SEEDS))
def test_the_table_holds_every_lane_kegiatan_and_waktu_in_order(printing, tmp_path, process_id):
    built, chart = seed_model(process_id)
    pdf = printing.print_sop(process_id)
    pages = int(re.search(r"Halaman 1 dari (\d+)", pdf_text(pdf, tmp_path, 1)).group(1))
    kegiatan, waktu, titles = "", "", ""
    for page in range(2, pages + 1):
        text = pdf_text(pdf, tmp_path, page)
        assert_in_order(text, ["Pelaksana", "Mutu Baku", "No", "Kegiatan", "Keterangan", "Kelengkapan", "Waktu",
                               "Output"])
        kegiatan += pdf_text(pdf, tmp_path, page, *column("kegiatan"))
        titles += pdf_text(pdf, tmp_path, page, column("no")[0], 75)
        waktu += pdf_text(pdf, tmp_path, page, *column("waktu"))
    # every page repeats the pelaksana columns in the diagram's lane order, which is the seed's
    geometry = layout.Geometry(layout.PAPERS["a4"], len(built["lanes"]))
    heading_top = layout.MARGIN_TOP + layout.CAPTION + layout.HEAD_TOP
    for page in range(2, pages + 1):
        for k, lane in enumerate(built["lanes"]):
            cell = pdf_text(pdf, tmp_path, page, column("kegiatan")[0] + layout.COLUMNS["kegiatan"] + k * geometry.lane_width,
                            geometry.lane_width, heading_top, layout.head_height(geometry, built["lanes"]))
            assert flat(cell) == lane
    rows = [row for row in chart.rows if row.kind == "step" and row.number]
    assert_in_order(kegiatan, [sentence for row in rows for sentence in row.kegiatan])
    assert_in_order(waktu, [row.waktu for row in rows])
    if process_id == "kompetisi_sinovik":
        assert_in_order(titles, ["A. PERENCANAAN", "Kasubbag Tata Laksana membuat rencana kerja",
                                   "B. PELAKSANAAN PENILAIAN SINOVIK", "Kasubbag Tata Laksana membuat perencanaan"])


def test_rows_follow_the_seed_row_for_row():
    """The table's numbered rows are the seed's: Nganjuk 1-10 (row 5 holds Inspektur's decision and TPI's draft,
    as the seed's row 5 names both; the diagram numbers the second 5a; row 9 likewise), Sinovik A 1-10, B 1-8."""
    _, nganjuk = seed_model("pengusulan_wbk_wbbm")
    numbered = [row for row in nganjuk.rows if row.number]
    assert [row.number for row in numbered] == [str(n) for n in range(1, 11)]
    row5 = numbered[4]
    assert [(s.kind, nganjuk.lanes[s.column]) for s in row5.symbols] == [("decision", "Inspektur"),
                                                                           ("activity", "TPI")]
    assert row5.waktu == "1 hari" and row5.output == "Draft SK"
    assert [nganjuk.lanes[s.column] for s in numbered[8].symbols] == ["Kasubag Tata Usaha", "Inspektur"]
    _, sinovik = seed_model("kompetisi_sinovik")
    titles = [row.title for row in sinovik.rows if row.kind == "part"]
    assert titles == ["A. Perencanaan", "B. Pelaksanaan Penilaian Sinovik"]
    assert [row.number for row in sinovik.rows if row.number] == [*map(str, range(1, 11)), *map(str, range(1, 9))]
    # B6's answer 'tidak masuk nominasi' ends the procedure: its capsule stands beside the decision, not at the foot
    b6 = next(row for row in sinovik.rows if any(s.id == "Activity_B6" for s in row.symbols))
    assert [s.kind for s in b6.symbols] == ["decision", "end"]
    assert [s.kind for s in sinovik.rows[-1].symbols] == ["end"]
    answers = {(e.source, e.target): e.label for e in sinovik.edges if e.label}
    assert answers[("Activity_A4", "Activity_A5")] == "setuju"
    assert answers[("Activity_A4", "Activity_A2")] == "perlu koreksi"


def long_sop(tasks=26, back_from=20, back_to=4, sentence=None):
    """A diagram of `tasks` numbered activities over three lanes, with a decision at `back_from` whose
    'perlu perbaikan' answer returns to `back_to`: too long for one page."""
    bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    spiff = "http://spiffworkflow.org/bpmn/schema/1.0/core"
    lanes = ["Pengadministrasi", "Kepala Subbagian", "Kepala Bagian"]
    root = etree.Element(f"{{{bpmn}}}definitions", nsmap={"bpmn": bpmn, "spiffworkflow": spiff},
                         id="Defs_panjang", targetNamespace="http://bpmn.io/schema/bpmn")
    process = etree.SubElement(root, f"{{{bpmn}}}process", id="sop_panjang", name="SOP Panjang",
                               isExecutable="true")
    props = etree.SubElement(etree.SubElement(process, f"{{{bpmn}}}extensionElements"), f"{{{spiff}}}properties")
    for name, value in [("sop.nomor", "999/1/SOP/UJI/2026"), ("sop.nama", "SOP Panjang Uji")]:
        etree.SubElement(props, f"{{{spiff}}}property", name=name, value=value)
    lane_set = etree.SubElement(process, f"{{{bpmn}}}laneSet", id="LaneSet")
    lane_elements = [etree.SubElement(lane_set, f"{{{bpmn}}}lane", id=f"Lane_{i}", name=n) for i, n in enumerate(lanes)]
    nodes = ["mulai"] + [f"t{n}" for n in range(1, tasks + 1)] + ["selesai"]

    def node(tag, ident, lane, name, **extra):
        element = etree.SubElement(process, f"{{{bpmn}}}{tag}", id=ident, name=name, **extra)
        etree.SubElement(lane_elements[lane], f"{{{bpmn}}}flowNodeRef").text = ident
        return element

    node("startEvent", "mulai", 0, "Permohonan diterima")
    for n in range(1, tasks + 1):
        task = node("userTask", f"t{n}", n % 3, f"Kegiatan {n}")
        etree.SubElement(task, f"{{{bpmn}}}documentation").text = (sentence(n) if sentence else
            f"Pelaksana mengerjakan kegiatan nomor {n} dari prosedur panjang ini dengan teliti")
        tprops = etree.SubElement(etree.SubElement(task, f"{{{bpmn}}}extensionElements"), f"{{{spiff}}}properties")
        for name, value in [("nomor", str(n)), ("waktu", f"{n} hari"), ("output", f"Dokumen {n}")]:
            etree.SubElement(tprops, f"{{{spiff}}}property", name=name, value=value)
        if n == back_from:
            etree.SubElement(tprops, f"{{{spiff}}}property", name="field.keputusan",
                             value='{"label": "Keputusan", "type": "choice", "required": true, '
                                   '"choices": ["lanjut", "perlu perbaikan"]}')
    node("endEvent", "selesai", 2, "Prosedur selesai")
    node("exclusiveGateway", "gw", back_from % 3, "Hasil?", default="f_lanjut")

    def flow(ident, source, target, name=None, condition=None):
        element = etree.SubElement(process, f"{{{bpmn}}}sequenceFlow", id=ident, sourceRef=source, targetRef=target)
        if name:
            element.set("name", name)
        if condition:
            etree.SubElement(element, f"{{{bpmn}}}conditionExpression").text = condition

    for a, b in zip(nodes, nodes[1:]):
        if a == f"t{back_from}":
            flow("f_gw", a, "gw")
            flow("f_lanjut", "gw", b, "lanjut")
            flow("f_ulang", "gw", f"t{back_to}", "perlu perbaikan", 'keputusan == "perlu perbaikan"')
        else:
            flow(f"f_{a}", a, b)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_long_sop_breaks_across_pages_with_connectors_and_repeated_headings(alur, tmp_path):
    (tmp_path / "panjang.bpmn").write_bytes(long_sop())
    alur.deploy([tmp_path / "panjang.bpmn"], actor="test")
    pdf = alur.print_sop("sop_panjang")
    pages = int(re.search(r"Halaman 1 dari (\d+)", pdf_text(pdf, tmp_path, 1)).group(1))
    assert pages >= 4, "26 rows do not fit on two A4 pages"
    kegiatan = ""
    for page in range(2, pages + 1):
        text = pdf_text(pdf, tmp_path, page)
        assert "SOP SOP" not in text
        assert_in_order(text, ["SOP PANJANG UJI", f"(lembar {page - 1} dari {pages - 1})", "Pelaksana",
                               "Mutu Baku", "No", "Kegiatan", "Keterangan", "Pengadministrasi", "Kepala Subbagian", "Kepala Bagian",
                               "Kelengkapan", "Waktu", "Output", f"Halaman {page} dari {pages}"])
        kegiatan += pdf_text(pdf, tmp_path, page, *column("kegiatan"))
    assert_in_order(kegiatan, [f"kegiatan nomor {n} dari" for n in range(1, 27)])
    # Each page break is crossed by the flow once forward, and the return from 20 to 4 crosses back: every
    # connector's number stands once where the flow leaves a page and once where it arrives.
    lanes_x = column("kegiatan")[0] + layout.COLUMNS["kegiatan"]
    lanes_width = layout.Geometry(layout.PAPERS["a4"], 3).lanes_width
    numbers = []
    for page in range(2, pages + 1):
        band = pdf_text(pdf, tmp_path, page, lanes_x, lanes_width, 0, 210 - layout.MARGIN_BOTTOM)
        numbers += re.findall(r"(?<![\w.])(\d+)(?![\w.])", band)
    assert len(set(numbers)) >= (pages - 2) + 1, numbers
    for label in set(numbers):
        assert numbers.count(label) == 2, f"connector {label} should stand on two pages: {numbers}"


def grown_rows(html):
    """The table rows WeasyPrint lays out taller than the height the page's drawing was made for, measured on
    its box tree: [(planned, measured)]."""
    import weasyprint
    planned = [float(h) for h in re.findall(r'<tr style="height: ([\d.]+)mm"', html)]
    measured = []
    for page in weasyprint.HTML(string=html).render().pages:
        stack = [(page._page_box, False)]
        while stack:
            box, in_flow = stack.pop(0)
            element = getattr(box, "element", None)
            in_flow = in_flow or (element is not None and "flow" in (element.get("class") or "").split())
            if in_flow and type(box).__name__ == "TableRowBox":
                measured.append(box.height / (96 / 25.4))
            stack[:0] = [(child, in_flow) for child in getattr(box, "children", [])]
    assert len(measured) == len(planned)
    return [(plan, height) for plan, height in zip(planned, measured) if height > plan + 0.05]


def test_rows_keep_the_height_the_pages_were_planned_with(printing):
    """The drawing over the pelaksana columns assumes each row has the height layout.py gave it: the estimate
    from the text holds for both seeds, without measuring."""
    for process_id in SEEDS:
        html, _ = sop_document.render(printing.ctx, versions.newest(printing.db, process_id), layout.PAPERS["a4"])
        assert grown_rows(html) == [], process_id


def test_rows_taller_than_estimated_are_measured_and_the_pages_planned_again(alur, tmp_path):
    """Wide letters defeat the estimate: the rows grow, and the printed document measures them and plans the
    pages again, so that every row has the height its drawing was made for."""
    def wide(n):
        return " ".join(["WWWWWW"] * 12) + f" kegiatan {n}"
    (tmp_path / "lebar.bpmn").write_bytes(long_sop(tasks=8, back_from=6, back_to=2, sentence=wide))
    alur.deploy([tmp_path / "lebar.bpmn"], actor="test")
    version = versions.newest(alur.db, "sop_panjang")
    estimated, _ = sop_document.render(alur.ctx, version, layout.PAPERS["a4"])
    assert len(grown_rows(estimated)) == 8
    html, _ = sop_document.laid_out(alur.ctx, version, layout.PAPERS["a4"])
    assert grown_rows(html) == []
    pdf = alur.print_sop("sop_panjang")
    pages = int(re.search(r"Halaman 1 dari (\d+)", pdf_text(pdf, tmp_path, 1)).group(1))
    kegiatan = "".join(pdf_text(pdf, tmp_path, page, *column("kegiatan")) for page in range(2, pages + 1))
    assert_in_order(kegiatan, [wide(n) for n in range(1, 9)])


def test_pages_render_as_images_and_f4_is_wider(printing, tmp_path):
    a4, f4 = printing.print_sop("kompetisi_sinovik"), printing.print_sop("kompetisi_sinovik", paper="f4")
    for name, pdf in (("a4", a4), ("f4", f4)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True)
    pages = int(re.search(r"Halaman 1 dari (\d+)", pdf_text(a4, tmp_path, 1)).group(1))
    assert len(list(tmp_path.glob("a4-*.png"))) == pages
    sizes = {name: subprocess.run(["pdfinfo", str(tmp_path / f"{name}.pdf")], capture_output=True, text=True,
                                  check=True).stdout for name in ("a4", "f4")}
    assert "841.89 x 595.276 pts" in sizes["a4"]
    assert "935.433 x 609.449 pts" in sizes["f4"]


def test_the_footer_names_version_hash_and_date(printing, tmp_path):
    [process] = [p for p in printing.processes() if p.id == "pengusulan_wbk_wbbm"]
    [version] = process.versions
    text = pdf_text(printing.print_sop("pengusulan_wbk_wbbm", version=1), tmp_path)
    assert text.count(version.sha256) == 3 and "versi 1" in text
    assert re.search(r"dicetak \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                     r"November|Desember) \d{4}", text)


def test_html_is_the_same_document(printing):
    html = printing.print_sop("kompetisi_sinovik", fmt="html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Kasubbag Tata Laksana membuat rencana kerja" in html
    assert html.count("<svg") == html.count('<section class="sheet">') >= 2


@pytest.mark.parametrize("call, error, code", [
    (lambda a: a.print_sop("tidak_ada"), NotFound, "process.not_found"),
    (lambda a: a.print_sop("kompetisi_sinovik", version=7), NotFound, "version.not_found"),
    (lambda a: a.print_sop("kompetisi_sinovik", paper="a3"), InvalidData, "print.paper"),
    (lambda a: a.print_sop("kompetisi_sinovik", fmt="docx"), InvalidData, "print.format"),
])
def test_refusals_name_what_was_wrong(printing, call, error, code):
    with pytest.raises(error) as refused:
        call(printing)
    assert refused.value.code == code


def test_the_cli_writes_pdf_and_html_and_refuses_like_the_rest(cli, tmp_path):
    cli("deploy", *map(str, SEEDS.values()), check=True)
    out = cli("print", "pengusulan_wbk_wbbm", "-o", str(tmp_path / "sop.pdf"), check=True)
    assert "wrote" in out.stdout and (tmp_path / "sop.pdf").read_bytes().startswith(b"%PDF-")
    cli("print", "kompetisi_sinovik", "--version", "1", "--paper", "f4", "-o", str(tmp_path / "sop.html"), check=True)
    assert b"330mm 215mm" in (tmp_path / "sop.html").read_bytes()
    for args, message in [(("tidak_ada",), "no process 'tidak_ada' is deployed"),
                          (("kompetisi_sinovik", "--version", "9"), "has no version 9"),
                          (("kompetisi_sinovik", "--paper", "a3"), "unknown paper 'a3'"),
                          (("kompetisi_sinovik", "-o", str(tmp_path / "sop.docx")), "cannot print as 'docx'")]:
        if "-o" not in args:
            args = (*args, "-o", str(tmp_path / "x.pdf"))
        result = cli("print", *args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "sop.docx").exists()


@pytest.mark.real_process
def test_without_pango_the_cli_names_the_packages_to_install_and_html_still_prints(cli, db_path, tmp_path):
    """A machine without Pango, made here by putting broken copies of its libraries first on the loader's path."""
    cli("deploy", str(SEEDS["kompetisi_sinovik"]), check=True)
    broken = tmp_path / "lib"
    broken.mkdir()
    for name in ("libpango-1.0.so.0", "libpango-1.0.so", "libpango-1.0-0.so", "libpangoft2-1.0.so.0"):
        (broken / name).write_text("not a library")
    env = {**os.environ, "LD_LIBRARY_PATH": str(broken), "ALUR_DB": str(db_path)}
    alur = str(Path(sys.executable).parent / "alur")
    run = [alur, "print", "kompetisi_sinovik", "-o"]
    refused = subprocess.run([*run, str(tmp_path / "sop.pdf")], env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "Pango is missing" in refused.stderr and "libpango-1.0-0 libpangoft2-1.0-0" in refused.stderr
    assert not (tmp_path / "sop.pdf").exists()
    html = subprocess.run([*run, str(tmp_path / "sop.html")], env=env, capture_output=True, text=True)
    assert html.returncode == 0 and "Kompetisi SINOVIK" in (tmp_path / "sop.html").read_text()
