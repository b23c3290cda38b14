//! Non-UTF-8 pages and wrong, missing or conflicting charset declarations.
//! The bytes are built from UTF-8 sources here, so each case states exactly
//! which bytes and which declaration the engine sees.

use riptide_core::{Document, ExtractMode};
use riptide_extraction::{ExtractOptions, decode_html, extract_bytes};

use crate::common::{assert_consistent, fixture};

const SENTENCE: &str = "Школьники собрали более трёх тысяч книг за полгода и поставили на набережной двенадцать шкафов.";

/// A small Russian page, with `head_extra` inside `<head>`, as UTF-8 text.
fn russian_page(head_extra: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head_extra}<title>Библиотека на набережной</title></head><body><article>\
         <h1>Библиотека на набережной</h1><p>{SENTENCE}</p>\
         <p>Книгу можно взять домой и вернуть в любой шкаф, когда прочитаешь, или оставить свою взамен.</p>\
         <p>Волонтёры раз в неделю проверяют шкафы и раскладывают книги по полкам.</p></article></body></html>"
    )
}

fn windows_1251(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable, "test text must fit windows-1251");
    bytes.into_owned()
}

fn extract(bytes: &[u8], content_type: Option<&str>) -> Document {
    let doc = extract_bytes(
        bytes,
        content_type,
        None,
        &ExtractMode::Article,
        &ExtractOptions::default(),
    )
    .unwrap_or_else(|err| panic!("extraction failed: {err}"));
    assert_consistent(&doc, &ExtractMode::Article);
    doc
}

fn assert_reads_russian(doc: &Document, case: &str) {
    assert!(
        crate::common::squash(&doc.text).contains(SENTENCE),
        "{case}: the Russian text should decode correctly, got {:?}",
        doc.text.chars().take(160).collect::<String>()
    );
    assert!(
        !doc.text.contains('\u{FFFD}'),
        "{case}: replacement characters in text"
    );
}

#[test]
fn windows_1251_fixture_is_decoded_by_its_meta_charset() {
    let bytes = fixture("windows1251_news.html");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must really be non-UTF-8 bytes"
    );
    assert_eq!(
        decode_html(&bytes, None).encoding,
        encoding_rs::WINDOWS_1251
    );
}

#[test]
fn shift_jis_fixture_is_decoded_by_its_http_equiv() {
    let bytes = fixture("shift_jis_notice.html");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must really be non-UTF-8 bytes"
    );
    assert_eq!(decode_html(&bytes, None).encoding, encoding_rs::SHIFT_JIS);
}

#[test]
fn meta_charset_is_honoured() {
    let bytes = windows_1251(&russian_page("<meta charset=\"windows-1251\">"));
    assert_reads_russian(&extract(&bytes, None), "meta charset");
}

#[test]
fn undeclared_legacy_encoding_is_detected() {
    let bytes = windows_1251(&russian_page(""));
    assert_reads_russian(&extract(&bytes, None), "no declaration");
}

#[test]
fn unknown_charset_label_falls_back_to_detection() {
    let bytes = windows_1251(&russian_page("<meta charset=\"x-no-such-charset\">"));
    assert_reads_russian(&extract(&bytes, None), "unknown label");
}

#[test]
fn declaration_after_a_long_head_falls_back_to_detection() {
    let script = format!("<script>var filler = \"{}\";</script>", "x".repeat(8_000));
    let bytes = windows_1251(&russian_page(&format!(
        "{script}<meta charset=\"windows-1251\">"
    )));
    assert_reads_russian(&extract(&bytes, None), "late declaration");
}

#[test]
fn http_content_type_charset_is_honoured() {
    let bytes = windows_1251(&russian_page(""));
    assert_reads_russian(
        &extract(&bytes, Some("text/html; charset=windows-1251")),
        "Content-Type",
    );
    assert_reads_russian(
        &extract(&bytes, Some("text/html;charset=\"CP1251\"")),
        "quoted Content-Type",
    );
}

#[test]
fn byte_order_mark_beats_a_wrong_declaration() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(russian_page("<meta charset=\"windows-1251\">").as_bytes());
    assert_reads_russian(
        &extract(&bytes, Some("text/html; charset=iso-8859-1")),
        "UTF-8 BOM",
    );
}

#[test]
fn utf16_with_bom_is_decoded() {
    let page = russian_page("");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in page.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    assert_reads_russian(&extract(&bytes, None), "UTF-16LE BOM");
}

/// A page that declares UTF-8 but is not: the declaration is wrong, and a
/// reader wants the text, not replacement characters. (Stricter than a
/// browser, which would show the replacement characters.)
#[test]
fn invalid_utf8_under_a_utf8_declaration_is_detected() {
    let bytes = windows_1251(&russian_page("<meta charset=\"utf-8\">"));
    assert_reads_russian(
        &extract(&bytes, None),
        "declared UTF-8, really windows-1251",
    );
}

/// A page whose declaration names a legacy charset but whose bytes are valid,
/// non-ASCII UTF-8 (a common CMS misconfiguration) must at least extract
/// without errors; which reading wins is the decoder's policy.
#[test]
fn utf8_under_a_legacy_declaration_still_extracts() {
    let page = russian_page("<meta charset=\"iso-8859-1\">");
    let doc = extract(page.as_bytes(), None);
    assert!(doc.word_count > 10, "{doc:?}");
}

#[test]
fn latin1_page_with_windows_1252_punctuation() {
    let page = b"<html><head><meta charset=iso-8859-1><title>Caf\xe9</title></head><body><article>\
                 <p>\x93Le caf\xe9 cr\xe8me co\xfbte 3\x80 ici\x94, dit-elle \x96 et c\x92est vrai, \
                 on l\x92a v\xe9rifi\xe9 nous-m\xeames plusieurs fois cette semaine.</p></article></body></html>";
    let doc = extract(page, None);
    assert!(
        doc.text
            .contains("“Le café crème coûte 3€ ici”, dit-elle – et c’est vrai"),
        "iso-8859-1 must decode as windows-1252 (the HTML standard), got {:?}",
        doc.text
    );
}
