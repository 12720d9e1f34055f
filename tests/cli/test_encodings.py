"""Encodings: UTF-8 with or without BOM and GB18030 are detected without options; --encoding overrides."""

from __future__ import annotations

import codecs

CUSTOMERS = (
    "customer_id,name,region,notes\n"
    "N1,欧阳娜娜,西湖区,\"喜欢SUV, 预算二十万\"\n"
    "N2,䶮 (yǎn),余杭区,GB18030 四字节字 𠀀\n"
)
EXPECTED = [
    ("N1", "欧阳娜娜", "西湖区", "喜欢SUV, 预算二十万"),
    ("N2", "䶮 (yǎn)", "余杭区", "GB18030 四字节字 𠀀"),
]
SUMMARY = "customers.csv: 2 rows: 2 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"


def _names(sql, db):
    return sql(db, "SELECT customer_id, name, region, notes FROM customers WHERE customer_id LIKE 'N%' ORDER BY 1")


def test_gb18030_is_detected_without_options(cli, db, tmp_path, sql):
    path = tmp_path / "customers.csv"
    data = CUSTOMERS.replace("\n", "\r\n").encode("gb18030")
    path.write_bytes(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # pragma: no cover - the test would prove nothing
        raise AssertionError("the GB18030 bytes must not be valid UTF-8")
    result = cli("--db", db, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == SUMMARY
    assert _names(sql, db) == EXPECTED


def test_gbk_excel_csv_with_chinese_header_values_is_detected(cli, db, tmp_path, sql):
    # what Chinese Excel saves as "CSV (逗号分隔)": GBK (a subset of GB18030), CRLF, no BOM
    path = tmp_path / "customers.csv"
    path.write_bytes("customer_id,name,gender\r\nN1,张伟,男\r\nN2,李娜,女\r\n".encode("gbk"))
    result = cli("--db", db, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert sql(db, "SELECT customer_id, name, gender FROM customers ORDER BY 1") == [("N1", "张伟", "男"), ("N2", "李娜", "女")]


def test_utf8_with_bom_is_read_and_the_bom_is_not_part_of_the_first_column(cli, db, tmp_path, sql):
    path = tmp_path / "customers.csv"
    path.write_bytes(codecs.BOM_UTF8 + CUSTOMERS.encode("utf-8"))
    result = cli("--db", db, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == SUMMARY
    assert _names(sql, db) == EXPECTED


def test_utf8_without_bom_is_read(cli, db, tmp_path, sql):
    path = tmp_path / "customers.csv"
    path.write_bytes(CUSTOMERS.encode("utf-8"))
    result = cli("--db", db, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert _names(sql, db) == EXPECTED


def test_encoding_option_overrides_detection(cli, db, tmp_path, sql):
    # Big5 bytes also decode as GB18030 (to the wrong characters): only --encoding gets them right
    text = "customer_id,name\nN1,陳大文\n"
    path = tmp_path / "customers.csv"
    path.write_bytes(text.encode("big5"))
    assert text.encode("big5").decode("gb18030") != text
    result = cli("--db", db, "import", "customers", path, "--encoding", "big5")
    assert result.exit_code == 0, result.output
    assert sql(db, "SELECT customer_id, name FROM customers") == [("N1", "陳大文")]


def test_encoding_option_refuses_a_file_that_does_not_decode(cli, db, tmp_path, digest):
    path = tmp_path / "customers.csv"
    path.write_bytes("customer_id,name\nN1,张伟\n".encode("gb18030"))
    before = digest(db)
    result = cli("--db", db, "import", "customers", path, "--encoding", "utf-8")
    assert result.exit_code == 1
    assert result.stderr == (
        "customers.csv: the file is not utf-8 text (near line 2)\n"
        "customers.csv: 1 problem; nothing was written. Fix it and import the file again.\n"
    )
    assert digest(db) == before


def test_an_unknown_encoding_name_is_refused(cli, db, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(b"customer_id\nN1\n")
    result = cli("--db", db, "import", "customers", path, "--encoding", "klingon")
    assert result.exit_code == 1
    assert result.stderr == (
        'customers.csv: unknown encoding "klingon"\n'
        "customers.csv: 1 problem; nothing was written. Fix it and import the file again.\n"
    )


def test_excel_unicode_text_utf16_tab_separated_is_read(cli, db, tmp_path, sql):
    path = tmp_path / "customers.csv"
    path.write_bytes("customer_id\tname\r\nN1\t王芳\r\n".encode("utf-16"))
    result = cli("--db", db, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert sql(db, "SELECT customer_id, name FROM customers") == [("N1", "王芳")]
