//! Writing records in the chosen format.

use std::io::{self, Write};

use riptide_core::Document;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::args::Format;
use crate::json;

/// What happened to one input.
pub enum Outcome {
    /// The page was extracted.
    Extracted(Box<Document>),
    /// The page was extracted, and its document is at hand as JSON (a crawl
    /// record read back from the state). The JSON formats write it through
    /// unparsed: parsing and serializing it again cost a crawl more CPU per
    /// page than storing it.
    ExtractedJson(Box<RawValue>),
    /// The page was fetched and recorded but not extracted (not HTML,
    /// unchanged since the last crawl, or `riptide map`).
    Recorded,
    /// The page failed; the run goes on.
    Failed {
        /// The machine-readable error kind.
        kind: String,
        /// A human-readable explanation.
        message: String,
    },
}

/// One output record: an input's source name and its outcome.
pub struct Record {
    /// The input as given or as found under a directory.
    pub source: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Extra top-level fields of a record (a crawl adds `status`, `depth`, ...).
pub type Fields = serde_json::Map<String, serde_json::Value>;

#[derive(Serialize)]
struct DocumentRecord<'a> {
    source: &'a str,
    #[serde(flatten)]
    document: &'a Document,
    #[serde(flatten)]
    fields: &'a Fields,
}

#[derive(Serialize)]
struct PageRecord<'a> {
    source: &'a str,
    #[serde(flatten)]
    fields: &'a Fields,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    source: &'a str,
    error: ErrorBody<'a>,
    #[serde(flatten)]
    fields: &'a Fields,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
}

/// Streams records to a writer in one of the output formats.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> RecordWriter<W> {
    /// Starts the output (a JSON array opens here).
    pub fn new(mut out: W, format: Format) -> io::Result<Self> {
        if format == Format::Json {
            out.write_all(b"[")?;
        }
        Ok(Self {
            out,
            format,
            written: 0,
        })
    }

    /// Continues an output that already holds `written` records (a resumed
    /// crawl): nothing is written now, not even the JSON array's `[`.
    pub fn resume(out: W, format: Format, written: usize) -> Self {
        Self {
            out,
            format,
            written,
        }
    }

    /// Records written so far, resumed ones included.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Writes one record. In the Markdown and text formats failed pages are
    /// reported on standard error by the caller and leave no trace here.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        self.write_with(record, &Fields::new())
    }

    /// Writes one record with extra top-level JSON fields (ignored by the
    /// Markdown and text formats).
    pub fn write_with(&mut self, record: &Record, fields: &Fields) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                write_json(&mut self.out, record, fields)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
                write_json(&mut self.out, record, fields)?;
            }
            Format::Markdown | Format::Text => {
                let parsed;
                let doc = match &record.outcome {
                    Outcome::Extracted(doc) => doc,
                    Outcome::ExtractedJson(json) => {
                        parsed = serde_json::from_str::<Document>(json.get())?;
                        &parsed
                    }
                    Outcome::Recorded | Outcome::Failed { .. } => return Ok(()),
                };
                if self.written > 0 {
                    self.out.write_all(b"\n\n")?;
                }
                if self.format == Format::Markdown {
                    write_markdown(&mut self.out, doc)?;
                } else {
                    self.out.write_all(doc.text.as_bytes())?;
                    self.out.write_all(b"\n")?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the output, flushes it and hands the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_json<W: Write>(out: &mut W, record: &Record, fields: &Fields) -> io::Result<()> {
    match &record.outcome {
        Outcome::Extracted(document) => json::to_writer(
            out,
            &DocumentRecord {
                source: &record.source,
                document,
                fields,
            },
        ),
        Outcome::ExtractedJson(document) => write_spliced(out, &record.source, document, fields),
        Outcome::Recorded => json::to_writer(
            out,
            &PageRecord {
                source: &record.source,
                fields,
            },
        ),
        Outcome::Failed { kind, message } => json::to_writer(
            out,
            &ErrorRecord {
                source: &record.source,
                error: ErrorBody { kind, message },
                fields,
            },
        ),
    }
}

/// The bytes [`DocumentRecord`] would write for the parsed `document`: its
/// members sit between `source` and the fields, as serde writes a flattened
/// struct, and the stored JSON is serde_json's compact output already.
fn write_spliced<W: Write>(
    out: &mut W,
    source: &str,
    document: &RawValue,
    fields: &Fields,
) -> io::Result<()> {
    let members = document
        .get()
        .trim()
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a document is not an object"))?
        .trim();
    out.write_all(b"{\"source\":")?;
    json::to_writer(out, source)?;
    if !members.is_empty() {
        out.write_all(b",")?;
        out.write_all(members.as_bytes())?;
    }
    for (key, value) in fields {
        out.write_all(b",")?;
        json::to_writer(out, key)?;
        out.write_all(b":")?;
        json::to_writer(out, value)?;
    }
    out.write_all(b"}")
}

/// A page as Markdown: its title as a heading (unless the content opens with
/// one), then the content.
fn write_markdown<W: Write>(out: &mut W, doc: &Document) -> io::Result<()> {
    if let Some(title) = &doc.title
        && !doc.markdown.starts_with("# ")
    {
        writeln!(out, "# {title}\n")?;
    }
    out.write_all(doc.markdown.as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Vec<Record> {
        let doc = Document {
            title: Some("T".into()),
            markdown: "Body *x*".into(),
            text: "Body x".into(),
            ..Document::default()
        };
        vec![
            Record {
                source: "a.html".into(),
                outcome: Outcome::Extracted(Box::new(doc)),
            },
            Record {
                source: "b.html".into(),
                outcome: Outcome::Failed {
                    kind: "io".into(),
                    message: "missing".into(),
                },
            },
        ]
    }

    fn render(format: Format) -> String {
        let mut writer = RecordWriter::new(Vec::new(), format).unwrap();
        for record in &records() {
            writer.write(record).unwrap();
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn json_array_is_valid_json() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(value[1]["error"]["kind"], "io");
        assert_eq!(value[0]["source"], "a.html");
    }

    #[test]
    fn jsonl_is_one_record_per_line() {
        let out = render(Format::Jsonl);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["title"], "T");
        assert_eq!(lines[1]["error"]["message"], "missing");
    }

    /// A document passed through as JSON is written byte for byte as the
    /// parsed one, fields included, in every format.
    #[test]
    fn stored_documents_write_as_parsed_ones() {
        let doc = Document {
            url: Some("https://e.com/\"q\"".into()),
            title: Some("T \u{e9}".into()),
            markdown: "Body *x*\n\nline".into(),
            text: "Body x".into(),
            categories: vec!["a".into()],
            ..Document::default()
        };
        let json = serde_json::value::to_raw_value(&doc).unwrap();
        let mut fields = Fields::new();
        fields.insert("status".into(), 200.into());
        fields.insert("referrer".into(), serde_json::Value::Null);
        for format in [Format::Jsonl, Format::Json, Format::Markdown, Format::Text] {
            let render = |outcome: Outcome| {
                let mut writer = RecordWriter::new(Vec::new(), format).unwrap();
                let record = Record {
                    source: "s".into(),
                    outcome,
                };
                writer.write_with(&record, &fields).unwrap();
                writer.write_with(&record, &fields).unwrap();
                writer.finish().unwrap()
            };
            assert_eq!(
                render(Outcome::ExtractedJson(json.clone())),
                render(Outcome::Extracted(Box::new(doc.clone())))
            );
        }
    }

    #[test]
    fn markdown_and_text_skip_failures() {
        assert_eq!(render(Format::Markdown), "# T\n\nBody *x*\n");
        assert_eq!(render(Format::Text), "Body x\n");
    }
}
