#!/usr/bin/env python3
"""Writes the binary seeds (read_docx/*.docx, read_pdf/*.pdf) from the text
below, so they can be regenerated and reviewed. Run from fuzz/seeds/."""
import zipfile
import zlib

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Kop1"/></w:pPr><w:r><w:t>Notulen commissie 14 juni 2022</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">De heer Bakker (D66): </w:t></w:r><w:r><w:t>Ik vraag</w:t><w:tab/><w:t>de wethouder</w:t><w:br/><w:t>wanneer het plan komt?</w:t></w:r></w:p>
<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>R&amp;D</w:t><w:noBreakHyphen/></w:r><w:del><w:r><w:delText>weg</w:delText></w:r></w:del></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cel 1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>cel 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>Wethouder Verbeek: ik zeg toe dat het plan voor 1 juli komt.</w:t></w:r></w:p>
</w:body></w:document>"""
CORE = """<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Notulen  commissie</dc:title></cp:coreProperties>"""


def docx(path, parts, method):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, text in parts:
            z.writestr(name, text)


docx("read_docx/commissie.docx", [("word/document.xml", DOCUMENT), ("docProps/core.xml", CORE)], zipfile.ZIP_DEFLATED)
docx("read_docx/stored.docx", [("word/document.xml", DOCUMENT)], zipfile.ZIP_STORED)


def pdf(path, objects):
    """objects: bodies of objects 1..n (bytes); 1 must be the catalog."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def stream(data, extra=b"", compress=False):
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGE_TEXT = (
    b"BT /F1 11 Tf 13 TL 72 760 Td (Notulen van de raad) Tj T* T*\n"
    b"[(De) -250 (heer) -250 (Bakker:) -250 (ik) -250 (vraag) -250 (de)] TJ T*\n"
    b"(wethouder naar de woning-) Tj T* (bouw in het centrum?) Tj\n"
    b"1 0 0 1 72 600 Tm (Id\xe9e \xebn co\xf6peratie.) Tj ' (Daar kom ik op terug.) 0 0 (nog) \" ET\n"
    b"q 1 0 0 1 0 -20 cm BT /F1 11 Tf 72 500 Td (Na cm.) Tj ET Q /Fm1 Do\n"
)
FORM = b"BT /F2 11 Tf 72 400 Td (Uit een formulier.) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

for name, compress in [("plain.pdf", False), ("flate.pdf", True)]:
    pdf(
        "read_pdf/" + name,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> /Contents 4 0 R >>",
            stream(PAGE_TEXT, compress=compress),
            FONT,
            stream(FORM, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F2 5 0 R >> >>", compress),
        ],
    )
