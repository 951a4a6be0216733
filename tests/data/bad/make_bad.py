"""Regenerate the bad-input catalogue: python tests/data/bad/make_bad.py (needs reportlab)."""

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "blank.txt").write_text("   \n\n  \n", encoding="utf-8")
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (HERE / "fake.docx").write_text("这其实是一个文本文件，只是改了扩展名。", encoding="utf-8")
    (HERE / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    (HERE / "report.ofd").write_bytes(b"PK\x03\x04 not really an ofd")
    (HERE / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (HERE / "report.xlsx").write_bytes(b"PK\x03\x04")
    (HERE / "utf16-odd.txt").write_bytes(b"\xff\xfeA")  # a UTF-16 BOM, then half a character
    (HERE / "utf16-surrogate.txt").write_bytes(b"\xff\xfe" + "某镇".encode("utf-16-le") + b"\x00\xd8A\x00")
    _bomb(HERE / "bomb.docx")
    _scanned(HERE / "scanned.pdf")
    _encrypted(HERE / "encrypted.pdf")
    _encrypted(HERE / "owner-only.pdf", user="")
    _unmapped(HERE / "unmapped.pdf")


def _bomb(path: Path) -> None:
    """A .docx whose document.xml inflates 2,000-fold: refused before it is unpacked."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b" " * 20_000_000 + b">")
    path.write_bytes(buf.getvalue())


def _scanned(path: Path) -> None:
    """A PDF with pictures only (drawn shapes), no text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 500, 400, 200, fill=1)
    c.showPage()
    c.save()


def _encrypted(path: Path, user: str = "secret") -> None:
    """Encrypted with a user password; or (user "") with an owner password only: it opens, but its
    text comes out as font codes, (cid:2594)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), encrypt=StandardEncryption(user, ownerPassword="owner", strength=128))
    c.setFont("STSong-Light", 12)
    for n, line in enumerate(["某镇2024年法治政府建设情况报告", "一、主要举措", "镇党委书记主持召开专题会议3次。"]):
        c.drawString(72, 700 - 20 * n, line)
    c.showPage()
    c.save()


def _unmapped(path: Path) -> None:
    """An embedded font subset without its Unicode map (/ToUnicode renamed): the glyphs show, the
    text comes out as the subset's codes — control characters."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("wqy", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0, invariant=1)
    c.setFont("wqy", 12)
    for n, line in enumerate(["某镇2024年法治政府建设情况报告", "一、主要举措", "镇党委书记主持召开专题会议3次。"]):
        c.drawString(72, 700 - 20 * n, line)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue().replace(b"/ToUnicode", b"/XoUnicode"))


if __name__ == "__main__":
    main()
